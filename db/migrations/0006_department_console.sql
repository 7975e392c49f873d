CREATE TABLE `definition_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`effective_from` text NOT NULL,
	`resource_classes` text NOT NULL,
	`comprehensive_classes` text NOT NULL,
	`resource_target_pct` integer NOT NULL,
	`comprehensive_target_pct` integer NOT NULL,
	`usage_target_pct` integer NOT NULL,
	`unclosed_manifest_hours` integer NOT NULL,
	`weight_discrepancy_pct` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `definition_versions_effective_uq` ON `definition_versions` (`effective_from`);--> statement-breakpoint
CREATE TABLE `published_months` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jurisdiction` text NOT NULL,
	`month` text NOT NULL,
	`version` integer NOT NULL,
	`definition_version_id` integer NOT NULL,
	`figures` text NOT NULL,
	`explanation` text DEFAULT '' NOT NULL,
	`published_by_user_id` integer NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`definition_version_id`) REFERENCES `definition_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `published_months_uq` ON `published_months` (`jurisdiction`,`month`,`version`);--> statement-breakpoint
CREATE TABLE `rectification_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`action` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`evidence_file` text,
	`evidence_type` text,
	`actor_user_id` integer NOT NULL,
	`actor_org_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `rectification_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rectification_events_text" CHECK(length("rectification_events"."text") <= 4000)
);
--> statement-breakpoint
CREATE INDEX `rectification_events_item_idx` ON `rectification_events` (`item_id`);--> statement-breakpoint
CREATE TABLE `rectification_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`department_org_id` integer NOT NULL,
	`jurisdiction` text NOT NULL,
	`target_org_id` integer NOT NULL,
	`project_id` integer,
	`facility_id` integer,
	`manifest_id` integer,
	`alert_id` integer,
	`category` text NOT NULL,
	`problem` text NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	`responsible_person` text NOT NULL,
	`deadline` text NOT NULL,
	`status` text NOT NULL,
	`created_by_user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`department_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facility_id`) REFERENCES `facilities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manifest_id`) REFERENCES `manifests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectification_items_jurisdiction_idx` ON `rectification_items` (`jurisdiction`,`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `rectification_items_target_idx` ON `rectification_items` (`target_org_id`,`status`);--> statement-breakpoint
CREATE TABLE `stat_monthly` (
	`month` text NOT NULL,
	`division_code` text NOT NULL,
	`waste_class` text NOT NULL,
	`facility_type` text NOT NULL,
	`net_kg` integer DEFAULT 0 NOT NULL,
	`trips` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `division_code`, `waste_class`, `facility_type`)
);
--> statement-breakpoint
CREATE INDEX `stat_monthly_division_idx` ON `stat_monthly` (`division_code`,`month`);--> statement-breakpoint
-- Fill the monthly figures from the records already there, so existing databases start consistent.
INSERT INTO `stat_monthly` (`month`, `division_code`, `waste_class`, `facility_type`, `net_kg`, `trips`)
SELECT strftime('%Y-%m', (`received_at` + 28800000) / 1000, 'unixepoch'), `division_code`, `waste_class`, `facility_type`, sum(`net_kg`), count(*)
FROM `manifests` WHERE `status` = 'received'
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO `stat_monthly` (`month`, `division_code`, `waste_class`, `facility_type`, `net_kg`, `trips`)
SELECT strftime('%Y-%m', (`ended_at` + 28800000) / 1000, 'unixepoch'), `division_code`, `waste_class`, 'off_platform', sum(`disposed_off_platform_kg`), 0
FROM `waste_listings` WHERE `status` = 'closed' AND `disposed_off_platform_kg` > 0
GROUP BY 1, 2, 3;
--> statement-breakpoint
-- The definitions the product has applied so far: every class counts; Sichuan's targets.
INSERT INTO `definition_versions` (`effective_from`, `resource_classes`, `comprehensive_classes`, `resource_target_pct`, `comprehensive_target_pct`, `usage_target_pct`, `unclosed_manifest_hours`, `weight_discrepancy_pct`, `note`, `created_at`)
VALUES ('2000-01', '["engineering_muck","engineering_mud","construction_waste","demolition_waste","renovation_waste"]', '["engineering_muck","engineering_mud","construction_waste","demolition_waste","renovation_waste"]', 50, 50, 10, 6, 20, '川建行规〔2024〕12号: comprehensive utilization ≥ 50 %; recycled products ≥ 10 % on government-invested projects', (unixepoch('subsec') * 1000));
