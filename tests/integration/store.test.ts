import { storeContract } from "../support/store-contract";

storeContract("SQLite", { writesWaitForReads: true });
