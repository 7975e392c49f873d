CREATE TABLE `stat_facility_monthly` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`facility_id` integer NOT NULL,
	`facility_type` text NOT NULL,
	`received_kg` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`dispatched` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`route_kgm` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `month`, `facility_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stat_month_changes` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`division_code`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stat_usage_monthly` (
	`division_code` text NOT NULL,
	`month` text NOT NULL,
	`project_id` integer NOT NULL,
	`material_class` text NOT NULL,
	`total_kg` integer DEFAULT 0 NOT NULL,
	`off_platform_kg` integer DEFAULT 0 NOT NULL,
	`delivered_grams` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `month`, `project_id`, `material_class`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `stat_usage_monthly_project_idx` ON `stat_usage_monthly` (`project_id`,`month`);--> statement-breakpoint
CREATE TABLE `stat_usage_to_date` (
	`division_code` text NOT NULL,
	`project_id` integer NOT NULL,
	`material_class` text NOT NULL,
	`total_kg` integer DEFAULT 0 NOT NULL,
	`off_platform_kg` integer DEFAULT 0 NOT NULL,
	`delivered_grams` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`division_code`, `project_id`, `material_class`)
) WITHOUT ROWID;--> statement-breakpoint
-- Existing reports and deliveries of government-invested projects, as rebuildMonthly computes them
-- (product types mapped to the material class the reference data gives them).
INSERT INTO `stat_usage_monthly` (division_code, month, project_id, material_class, total_kg,
  off_platform_kg)
SELECT p.division_code, r.month, r.project_id, r.material_class, r.total_kg,
  r.off_platform_recycled_kg
FROM material_use_reports r JOIN projects p ON p.id = r.project_id
WHERE p.government_invested = 1;--> statement-breakpoint
WITH classes (product_type, material_class) AS (VALUES
  ('recycled_coarse_aggregate', 'aggregate'),
  ('recycled_fine_aggregate', 'aggregate'),
  ('recycled_aggregate_concrete', 'concrete_mortar'),
  ('recycled_road_base', 'road_base'),
  ('recycled_solid_brick', 'masonry'),
  ('recycled_block', 'masonry'),
  ('recycled_paver_permeable', 'paving'),
  ('recycled_asphalt_rap', 'asphalt'),
  ('recycled_micropowder', 'mineral_admixture'),
  ('recycled_fill', 'fill'))
INSERT INTO `stat_usage_monthly` (division_code, month, project_id, material_class, delivered_grams)
SELECT d.division_code, d.month, d.project_id, c.material_class, sum(d.grams)
FROM stat_delivered_monthly d JOIN projects p ON p.id = d.project_id
JOIN classes c ON c.product_type = d.product_type
WHERE p.government_invested = 1
GROUP BY 1, 2, 3, 4
ON CONFLICT DO UPDATE SET delivered_grams = excluded.delivered_grams;--> statement-breakpoint
-- Existing trips by receiving facility.
INSERT INTO `stat_facility_monthly` (division_code, month, facility_id, facility_type, received_kg,
  received, dispatched, closed, rejected, route_kgm)
SELECT division_code, month, facility_id, facility_type, sum(received_kg), sum(received),
  sum(dispatched), sum(closed), sum(rejected), sum(received_kg * route_m)
FROM stat_order_monthly GROUP BY 1, 2, 3;--> statement-breakpoint
-- Where each government project stands to date.
INSERT INTO `stat_usage_to_date` (division_code, project_id, material_class, total_kg,
  off_platform_kg, delivered_grams)
SELECT division_code, project_id, material_class, sum(total_kg), sum(off_platform_kg),
  sum(delivered_grams)
FROM stat_usage_monthly GROUP BY 1, 2, 3;--> statement-breakpoint
-- Every month with figures may have changed since anything already published.
INSERT INTO `stat_month_changes` (division_code, month, changed_at)
SELECT division_code, month, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (
  SELECT division_code, month FROM stat_monthly
  UNION SELECT division_code, month FROM stat_area_monthly
  UNION SELECT division_code, month FROM stat_usage_monthly);
