import { useI18n } from "~/i18n/use-i18n";

/** "Download: CSV · XLSX" for a table, both formats from the same export. */
export function ExportLinks({
  href,
  inline = false,
}: {
  href: (format: "csv" | "xlsx") => string;
  inline?: boolean;
}) {
  const { t } = useI18n();
  const links = (
    <>
      <span className="muted small">{t("export.download")}</span>{" "}
      <a href={href("csv")} download>
        CSV
      </a>{" "}
      ·{" "}
      <a href={href("xlsx")} download>
        XLSX
      </a>
    </>
  );
  return inline ? (
    <span className="export-links">{links}</span>
  ) : (
    <p className="export-links no-print">{links}</p>
  );
}
