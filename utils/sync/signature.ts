/**
 * Optional Ed25519 signatures of feed manifests, checked with WebCrypto.
 *
 * A signed feed publishes `<manifest URL>.sig` (".sig" goes before a query: `signatureUrl`): the
 * base64 Ed25519 signature of the manifest's exact bytes (no canonical JSON needed). The public
 * key is pinned when the source is added, either pasted by the user or taken from the first
 * manifest (trust on first use); from then on every manifest must verify with the pinned key,
 * and a feed that stops signing is refused.
 */

/**
 * Where the signature of the manifest at `manifestUrl` is: ".sig" added to the manifest's PATH,
 * so a query (an access token, say) stays a query: ".../manifest.json?token=abc" is signed at
 * ".../manifest.json.sig?token=abc", not ".../manifest.json?token=abc.sig". An address without
 * a query or fragment (the usual case) gets ".sig" appended exactly as before.
 */
export function signatureUrl(manifestUrl: string): string {
  const url = new URL(manifestUrl);
  if (!url.search && !url.hash) return `${manifestUrl}.sig`;
  url.pathname += '.sig';
  return url.href;
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** A pasted public key is base64 of 32 raw bytes. Returns a reason when it is not. */
export function checkPublicKey(b64: string): string | undefined {
  try {
    return base64ToBytes(b64).length === 32 ? undefined : 'An Ed25519 public key is 32 bytes (44 base64 characters).';
  } catch {
    return 'The public key is not valid base64.';
  }
}

export async function verifyManifestSignature(
  manifestBytes: Uint8Array,
  signatureB64: string,
  publicKeyB64: string,
): Promise<boolean> {
  let signature: Uint8Array<ArrayBuffer>;
  let key: CryptoKey;
  try {
    signature = base64ToBytes(signatureB64);
    key = await crypto.subtle.importKey('raw', base64ToBytes(publicKeyB64), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, manifestBytes as Uint8Array<ArrayBuffer>);
}
