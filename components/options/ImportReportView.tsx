/** What an import did: added, skipped (already there, yours kept) and rejected entries with reasons. */
import { i18n } from '#i18n';
import type { ImportReport } from '../../utils/shared/protocol';

/** "2 notes", "1 correction", "0 entities": each count with its own plural form. */
const counts = (c: ImportReport['added']): [string, string, string] => [
  i18n.t('importCounts.notes', c.notes),
  i18n.t('importCounts.corrections', c.corrections),
  i18n.t('importCounts.ownEntities', c.ownEntities),
];

export function ImportReportView({ report }: { report: ImportReport }) {
  if (!report.applied) {
    return (
      <p role="alert" class="nl-error">
        {i18n.t('options.import.refused', [report.error ?? ''])}
      </p>
    );
  }
  const labels = {
    notes: i18n.t('options.import.notes'),
    corrections: i18n.t('options.import.corrections'),
    ownEntities: i18n.t('options.import.ownEntities'),
  };
  return (
    <div role="status" class="nl-import-report">
      <p>
        {i18n.t('options.import.added', counts(report.added))} {i18n.t('options.import.skipped', counts(report.skipped))}
      </p>
      {report.rejected.length > 0 && (
        <>
          <p>{i18n.t('options.import.rejected', report.rejected.length)}</p>
          <ul>
            {report.rejected.slice(0, 50).map((r) => (
              <li key={`${r.section}-${r.index}`}>
                {i18n.t('importCounts.entry', [labels[r.section], String(r.index + 1), r.reason])}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
