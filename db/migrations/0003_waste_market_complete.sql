CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by_user_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_org_idx` ON `api_tokens` (`org_id`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_email` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `email_outbox_unsent_idx` ON `email_outbox` (`sent_at`,`id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`kind` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`params` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_org_idx` ON `notifications` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`manifest_id` integer NOT NULL,
	`producer_org_id` integer NOT NULL,
	`recycler_org_id` integer NOT NULL,
	`division_code` text NOT NULL,
	`details` text NOT NULL,
	`raised_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`manifest_id`) REFERENCES `manifests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_kind_manifest_uq` ON `alerts` (`kind`,`manifest_id`);--> statement-breakpoint
CREATE INDEX `alerts_division_idx` ON `alerts` (`division_code`,`raised_at`);--> statement-breakpoint
CREATE INDEX `alerts_producer_idx` ON `alerts` (`producer_org_id`,`raised_at`);--> statement-breakpoint
CREATE INDEX `alerts_recycler_idx` ON `alerts` (`recycler_org_id`,`raised_at`);--> statement-breakpoint
CREATE TABLE `feedstock_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`facility_id` integer NOT NULL,
	`waste_classes` text NOT NULL,
	`materials` text NOT NULL,
	`radius_km` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedstock_subscriptions_org_idx` ON `feedstock_subscriptions` (`org_id`);--> statement-breakpoint
CREATE TABLE `listing_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `waste_listings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listing_photos_file_name_unique` ON `listing_photos` (`file_name`);--> statement-breakpoint
CREATE INDEX `listing_photos_listing_idx` ON `listing_photos` (`listing_id`);--> statement-breakpoint
ALTER TABLE `facilities` ADD `gate_fee_fen_per_tonne` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `manifests` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `manifests` ADD `voided_at` integer;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `lat` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `lon` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `disposed_off_platform_kg` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `off_platform_destination` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `not_generated_kg` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `close_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `waste_listings` ADD `ended_at` integer;--> statement-breakpoint
CREATE INDEX `waste_listings_open_lat_idx` ON `waste_listings` (`status`,`lat`);--> statement-breakpoint
-- Listings take their project's position, for radius search and distances.
UPDATE `waste_listings` SET
  `lat` = (SELECT `lat` FROM `projects` WHERE `projects`.`id` = `waste_listings`.`project_id`),
  `lon` = (SELECT `lon` FROM `projects` WHERE `projects`.`id` = `waste_listings`.`project_id`);
