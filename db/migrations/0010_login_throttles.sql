CREATE TABLE `login_throttles` (
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer,
	PRIMARY KEY(`email`, `ip`)
);
--> statement-breakpoint
CREATE INDEX `login_throttles_blocked_idx` ON `login_throttles` (`blocked_until`);--> statement-breakpoint
CREATE INDEX `login_throttles_last_failure_idx` ON `login_throttles` (`last_failure_at`);--> statement-breakpoint
CREATE INDEX `login_failures_at_idx` ON `login_failures` (`at`);