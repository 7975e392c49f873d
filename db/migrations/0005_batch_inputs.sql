CREATE TABLE `batch_inputs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`manifest_id` integer NOT NULL,
	`kg` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `product_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manifest_id`) REFERENCES `manifests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batch_inputs_positive" CHECK("batch_inputs"."kg" > 0)
);
--> statement-breakpoint
CREATE INDEX `batch_inputs_batch_idx` ON `batch_inputs` (`batch_id`);--> statement-breakpoint
CREATE INDEX `batch_inputs_manifest_idx` ON `batch_inputs` (`manifest_id`);