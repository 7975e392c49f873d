CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`batch_id` integer,
	`quantity_milli` integer NOT NULL,
	`vehicle_plate` text NOT NULL,
	`delivered_at` integer NOT NULL,
	`confirmed_at` integer,
	`confirmed_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `product_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `product_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "deliveries_positive" CHECK("deliveries"."quantity_milli" > 0)
);
--> statement-breakpoint
CREATE INDEX `deliveries_order_idx` ON `deliveries` (`order_id`);--> statement-breakpoint
CREATE TABLE `material_use_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`material_class` text NOT NULL,
	`month` text NOT NULL,
	`total_kg` integer NOT NULL,
	`off_platform_recycled_kg` integer DEFAULT 0 NOT NULL,
	`evidence_file` text,
	`evidence_type` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_use_non_negative" CHECK("material_use_reports"."total_kg" >= 0 AND "material_use_reports"."off_platform_recycled_kg" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_use_reports_uq` ON `material_use_reports` (`project_id`,`material_class`,`month`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`provider` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`currency` text DEFAULT 'cny' NOT NULL,
	`status` text NOT NULL,
	`refunded_fen` integer DEFAULT 0 NOT NULL,
	`checkout_session_id` text,
	`payment_intent_id` text,
	`bank_reference` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `product_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_checkout_session_id_unique` ON `payments` (`checkout_session_id`);--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `payments_intent_idx` ON `payments` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `product_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`facility_id` integer NOT NULL,
	`batch_no` text NOT NULL,
	`produced_on` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`input_kg` integer NOT NULL,
	`test_report_file` text,
	`test_report_type` text,
	`test_results` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `recycled_products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "product_batches_positive" CHECK("product_batches"."quantity_milli" > 0 AND "product_batches"."input_kg" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_batches_no_uq` ON `product_batches` (`product_id`,`batch_no`);--> statement-breakpoint
CREATE INDEX `product_batches_facility_idx` ON `product_batches` (`facility_id`);--> statement-breakpoint
CREATE TABLE `product_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`seller_org_id` integer NOT NULL,
	`buyer_org_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`quantity_milli` integer NOT NULL,
	`delivered_milli` integer DEFAULT 0 NOT NULL,
	`unit_price_fen` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `recycled_products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "product_orders_quantity_positive" CHECK("product_orders"."quantity_milli" > 0)
);
--> statement-breakpoint
CREATE INDEX `product_orders_buyer_idx` ON `product_orders` (`buyer_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `product_orders_seller_idx` ON `product_orders` (`seller_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `product_orders_project_idx` ON `product_orders` (`project_id`);--> statement-breakpoint
CREATE TABLE `product_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `recycled_products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_photos_file_name_unique` ON `product_photos` (`file_name`);--> statement-breakpoint
CREATE INDEX `product_photos_product_idx` ON `product_photos` (`product_id`);--> statement-breakpoint
CREATE TABLE `recycled_products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`facility_id` integer NOT NULL,
	`product_type` text NOT NULL,
	`name` text NOT NULL,
	`standard` text NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`unit` text NOT NULL,
	`mass_per_unit_g` integer NOT NULL,
	`price_fen_per_unit` integer NOT NULL,
	`stock_milli` integer DEFAULT 0 NOT NULL,
	`min_order_milli` integer DEFAULT 0 NOT NULL,
	`recycled_content_pct` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`division_code` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recycled_products_stock_non_negative" CHECK("recycled_products"."stock_milli" >= 0),
	CONSTRAINT "recycled_products_mass_positive" CHECK("recycled_products"."mass_per_unit_g" > 0),
	CONSTRAINT "recycled_products_content_pct" CHECK("recycled_products"."recycled_content_pct" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE INDEX `recycled_products_browse_idx` ON `recycled_products` (`status`,`product_type`,`division_code`);--> statement-breakpoint
CREATE INDEX `recycled_products_org_idx` ON `recycled_products` (`org_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`payload` text NOT NULL
);
