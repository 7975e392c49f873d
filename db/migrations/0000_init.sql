CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_org_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`data` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_events` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `divisions` (
	`code` text PRIMARY KEY NOT NULL,
	`parent_code` text,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_email_idx` ON `login_failures` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_ip_idx` ON `login_failures` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`credit_code` text NOT NULL,
	`division_code` text NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`division_code`) REFERENCES `divisions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_credit_code_unique` ON `organisations` (`credit_code`);--> statement-breakpoint
CREATE INDEX `organisations_kind_idx` ON `organisations` (`kind`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_idx` ON `users` (`org_id`);--> statement-breakpoint
CREATE TABLE `facilities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`division_code` text NOT NULL,
	`address` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`accepted_classes` text NOT NULL,
	`accepted_materials` text NOT NULL,
	`annual_capacity_kg` integer NOT NULL,
	`approval_no` text NOT NULL,
	`approval_expires_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`division_code`) REFERENCES `divisions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "facilities_capacity_positive" CHECK("facilities"."annual_capacity_kg" > 0)
);
--> statement-breakpoint
CREATE INDEX `facilities_org_idx` ON `facilities` (`org_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`name` text NOT NULL,
	`permit_no` text NOT NULL,
	`division_code` text NOT NULL,
	`address` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`kind` text NOT NULL,
	`government_invested` integer NOT NULL,
	`gross_floor_area_m2` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`division_code`) REFERENCES `divisions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_org_idx` ON `projects` (`org_id`);--> statement-breakpoint
CREATE INDEX `projects_division_idx` ON `projects` (`division_code`);--> statement-breakpoint
CREATE TABLE `manifests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manifest_no` text NOT NULL,
	`order_id` integer NOT NULL,
	`listing_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`producer_org_id` integer NOT NULL,
	`division_code` text NOT NULL,
	`facility_id` integer NOT NULL,
	`facility_type` text NOT NULL,
	`recycler_org_id` integer NOT NULL,
	`waste_class` text NOT NULL,
	`vehicle_plate` text NOT NULL,
	`driver_name` text NOT NULL,
	`hauler` text NOT NULL,
	`estimated_kg` integer NOT NULL,
	`dispatched_at` integer NOT NULL,
	`status` text NOT NULL,
	`weighbridge_ticket` text,
	`gross_kg` integer,
	`tare_kg` integer,
	`net_kg` integer,
	`received_at` integer,
	`reject_reason` text,
	FOREIGN KEY (`order_id`) REFERENCES `waste_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "manifests_weights_consistent" CHECK("manifests"."net_kg" IS NULL OR ("manifests"."net_kg" = "manifests"."gross_kg" - "manifests"."tare_kg" AND "manifests"."net_kg" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manifests_manifest_no_unique` ON `manifests` (`manifest_no`);--> statement-breakpoint
CREATE INDEX `manifests_order_idx` ON `manifests` (`order_id`);--> statement-breakpoint
CREATE INDEX `manifests_division_received_idx` ON `manifests` (`division_code`,`received_at`);--> statement-breakpoint
CREATE INDEX `manifests_facility_status_idx` ON `manifests` (`facility_id`,`status`);--> statement-breakpoint
CREATE INDEX `manifests_producer_idx` ON `manifests` (`producer_org_id`,`dispatched_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `manifests_facility_ticket_uq` ON `manifests` (`facility_id`,`weighbridge_ticket`);--> statement-breakpoint
CREATE TABLE `waste_listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`division_code` text NOT NULL,
	`waste_class` text NOT NULL,
	`material` text NOT NULL,
	`quantity_kg` integer NOT NULL,
	`allocated_kg` integer DEFAULT 0 NOT NULL,
	`available_from` text NOT NULL,
	`available_until` text NOT NULL,
	`price_fen_per_tonne` integer NOT NULL,
	`payer` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waste_listings_quantity_positive" CHECK("waste_listings"."quantity_kg" > 0),
	CONSTRAINT "waste_listings_allocation_within_quantity" CHECK("waste_listings"."allocated_kg" >= 0 AND "waste_listings"."allocated_kg" <= "waste_listings"."quantity_kg")
);
--> statement-breakpoint
CREATE INDEX `waste_listings_market_idx` ON `waste_listings` (`status`,`division_code`,`created_at`);--> statement-breakpoint
CREATE INDEX `waste_listings_project_idx` ON `waste_listings` (`project_id`);--> statement-breakpoint
CREATE TABLE `waste_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`recycler_org_id` integer NOT NULL,
	`facility_id` integer NOT NULL,
	`quantity_kg` integer NOT NULL,
	`received_kg` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `waste_listings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recycler_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waste_orders_quantity_positive" CHECK("waste_orders"."quantity_kg" > 0)
);
--> statement-breakpoint
CREATE INDEX `waste_orders_listing_idx` ON `waste_orders` (`listing_id`);--> statement-breakpoint
CREATE INDEX `waste_orders_recycler_idx` ON `waste_orders` (`recycler_org_id`,`status`);