/**
 * `npm run kb -- build <sources> --out <dir>`: readable records (a folder of YAML sources, a pack
 * JSON or an NDJSON file) → a feed folder: manifest.json and snapshots/<version>.ndjson.
 *
 *   --out <dir>           feed folder to write (required)
 *   --source <id>         source id (default: "newslens-feed")
 *   --title <text>        title shown in the options page
 *   --version <n>         version number (default: the folder's version + 1, or 1)
 *   --label <text>        version label shown to users (default: the number)
 *   --key <pem>           sign the manifest with this Ed25519 private key (PKCS#8 PEM)
 *   --new-key <pem>       generate a key pair, write the private key there, and sign with it
 *   --treaty-texts <dir>  official treaty texts merged into YAML sources (default: ../treaty-texts)
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { buildFeed, loadRecords } from '../../../utils/feed-tools/feed-build';
import { loadPrivateKey, newKeyPair, rawPublicKeyB64 } from '../../../utils/feed-tools/feed-files';

export function run(args: string[]): Promise<number> {
  return Promise.resolve(runSync(args));
}

function runSync(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      source: { type: 'string', default: 'newslens-feed' },
      title: { type: 'string', default: 'Newslens feed' },
      version: { type: 'string' },
      label: { type: 'string' },
      key: { type: 'string' },
      'new-key': { type: 'string' },
      'treaty-texts': { type: 'string' },
    },
  });
  const [sources] = positionals;
  if (!sources || !values.out) {
    console.error('usage: npm run kb -- build <sources> --out <dir> [--source id] [--title text] [--version n] [--key pem | --new-key pem]');
    return 2;
  }
  const { records, errors } = loadRecords(sources, values['treaty-texts']);
  if (errors.length) {
    console.error(`kb build: ${errors.length} invalid record(s):`);
    for (const e of errors.slice(0, 20)) console.error(`  ${e}`);
    return 1;
  }
  const key = values['new-key'] ? newKeyPair(resolve(values['new-key'])) : values.key ? loadPrivateKey(resolve(values.key)) : undefined;
  const manifest = buildFeed(records, {
    outDir: resolve(values.out),
    source: values.source,
    title: values.title,
    version: values.version ? Number(values.version) : undefined,
    label: values.label,
    key,
  });
  console.log(`kb build: ${manifest.snapshot.records} records → ${values.out} (version ${manifest.version}, ${manifest.snapshot.bytes} bytes)`);
  if (key) console.log(`kb build: signed; public key ${rawPublicKeyB64(key)}`);
  return 0;
}
