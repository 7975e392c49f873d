import { conflict } from "./errors";

export type Transitions<S extends string> = Record<S, readonly S[]>;

export function canTransition<S extends string>(machine: Transitions<S>, from: S, to: S): boolean {
  return machine[from].includes(to);
}

/** Refuses a move the entity's state machine does not allow (409: the record is in another state). */
export function assertTransition<S extends string>(machine: Transitions<S>, from: S, to: S): void {
  if (!canTransition(machine, from, to)) throw conflict("error.badTransition", { from, to });
}
