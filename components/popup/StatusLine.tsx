/** One line: the KB version(s), the entry count and when the KB last changed (pack import or sync). */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { KbStatus } from '../../utils/shared/protocol';
import { sendMessage } from '../../utils/shared/protocol';
import { formatAge } from '../format';

export function statusText(status: KbStatus, now: Date): string {
  const versions = status.sources.map((s) => s.version).filter(Boolean).join(', ');
  const last = status.sources.map((s) => s.importedAt).filter(Boolean).sort().pop();
  return i18n.t('popup.status', [status.entityCount.toLocaleString(), versions, last ? formatAge(last, now) : i18n.t('popup.never')]);
}

export function StatusLine() {
  const [text, setText] = useState(i18n.t('popup.loadingKb'));
  useEffect(() => {
    sendMessage('getStatus').then(
      (status) => setText(statusText(status, new Date())),
      (e: unknown) => setText(i18n.t('popup.statusFailed', [String(e)])),
    );
  }, []);
  return <span class="nl-status">{text}</span>;
}
