CREATE TABLE `stat_area_monthly` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`received_kg` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`dispatched` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`route_kgm` integer DEFAULT 0 NOT NULL,
	`delivered_grams` integer DEFAULT 0 NOT NULL,
	`deliveries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stat_delivered_monthly` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`project_id` integer NOT NULL,
	`product_type` text NOT NULL,
	`grams` integer DEFAULT 0 NOT NULL,
	`deliveries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `month`, `product_type`, `project_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `stat_delivered_monthly_project_idx` ON `stat_delivered_monthly` (`project_id`,`month`);--> statement-breakpoint
CREATE TABLE `stat_order_monthly` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`order_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`facility_id` integer NOT NULL,
	`facility_type` text NOT NULL,
	`waste_class` text NOT NULL,
	`route_m` integer NOT NULL,
	`received_kg` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`dispatched` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `month`, `order_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `stat_order_monthly_project_idx` ON `stat_order_monthly` (`project_id`,`month`);--> statement-breakpoint
CREATE INDEX `stat_order_monthly_facility_idx` ON `stat_order_monthly` (`facility_id`,`month`);--> statement-breakpoint
CREATE INDEX `stat_order_monthly_order_idx` ON `stat_order_monthly` (`order_id`,`month`);--> statement-breakpoint
ALTER TABLE `waste_orders` ADD `route_m` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `projects_government_idx` ON `projects` (`division_code`) WHERE "projects"."government_invested" = 1;--> statement-breakpoint
CREATE INDEX `alerts_open_idx` ON `alerts` (`division_code`,`kind`) WHERE "alerts"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `manifests_in_transit_idx` ON `manifests` (`dispatched_at`) WHERE "manifests"."status" = 'dispatched';--> statement-breakpoint
CREATE INDEX `waste_listings_off_platform_idx` ON `waste_listings` (`division_code`,`ended_at`) WHERE "waste_listings"."status" = 'closed' AND "waste_listings"."disposed_off_platform_kg" > 0;--> statement-breakpoint
CREATE INDEX `material_use_reports_period_idx` ON `material_use_reports` (`project_id`,`month`,`material_class`,`total_kg`,`off_platform_recycled_kg`);--> statement-breakpoint
-- Existing orders: the straight-line route from their listing's project to their facility, metres.
UPDATE `waste_orders` SET `route_m` = (
  SELECT CAST(round(2 * 6371008.8 * asin(min(1, sqrt(
    power(sin(radians(f.lat - l.lat) / 2), 2)
    + cos(radians(l.lat)) * cos(radians(f.lat)) * power(sin(radians(f.lon - l.lon) / 2), 2)
  )))) AS INTEGER)
  FROM waste_listings l, facilities f
  WHERE l.id = waste_orders.listing_id AND f.id = waste_orders.facility_id
);--> statement-breakpoint
-- Existing trips and deliveries, as rebuildMonthly computes them (months in Asia/Shanghai, UTC+8).
INSERT INTO `stat_order_monthly` (division_code, month, order_id, project_id, facility_id,
  facility_type, waste_class, route_m, dispatched, closed, rejected)
SELECT m.division_code, strftime('%Y-%m', (m.dispatched_at + 28800000) / 1000, 'unixepoch'),
  m.order_id, m.project_id, m.facility_id, m.facility_type, m.waste_class, o.route_m,
  count(*), sum(m.status IN ('received', 'rejected')), sum(m.status = 'rejected')
FROM manifests m JOIN waste_orders o ON o.id = m.order_id
WHERE m.status <> 'voided'
GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO `stat_order_monthly` (division_code, month, order_id, project_id, facility_id,
  facility_type, waste_class, route_m, received_kg, received)
SELECT m.division_code, strftime('%Y-%m', (m.received_at + 28800000) / 1000, 'unixepoch'),
  m.order_id, m.project_id, m.facility_id, m.facility_type, m.waste_class, o.route_m,
  sum(m.net_kg), count(*)
FROM manifests m JOIN waste_orders o ON o.id = m.order_id
WHERE m.status = 'received'
GROUP BY 1, 2, 3
ON CONFLICT DO UPDATE SET received_kg = excluded.received_kg, received = excluded.received;--> statement-breakpoint
INSERT INTO `stat_delivered_monthly` (division_code, month, project_id, product_type, grams, deliveries)
SELECT p.division_code, strftime('%Y-%m', (d.confirmed_at + 28800000) / 1000, 'unixepoch'),
  p.id, rp.product_type, sum(d.quantity_milli * rp.mass_per_unit_g / 1000), count(*)
FROM deliveries d JOIN product_orders po ON po.id = d.order_id
JOIN projects p ON p.id = po.project_id JOIN recycled_products rp ON rp.id = po.product_id
WHERE d.confirmed_at IS NOT NULL
GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO `stat_area_monthly` (division_code, month, received_kg, received, dispatched, closed,
  rejected, route_kgm)
SELECT division_code, month, sum(received_kg), sum(received), sum(dispatched), sum(closed),
  sum(rejected), sum(received_kg * route_m)
FROM stat_order_monthly GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO `stat_area_monthly` (division_code, month, delivered_grams, deliveries)
SELECT division_code, month, sum(grams), sum(deliveries)
FROM stat_delivered_monthly GROUP BY 1, 2
ON CONFLICT DO UPDATE SET delivered_grams = excluded.delivered_grams,
  deliveries = excluded.deliveries;
