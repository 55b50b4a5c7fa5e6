import { createHash } from 'node:crypto';

/**
 * Root of every UID the phantom writes: `2.25`, the arc of ITU-T X.667 / ISO/IEC 9834-8
 * under which a UUID written as one unsigned decimal integer is a valid OID, so no
 * organisation root is needed (DICOM PS3.5 section B.2).
 */
export const UID_ROOT = '2.25';

/**
 * A name-based UID: SHA-256 of the given parts, the first 128 bits made an RFC 9562
 * version-8 UUID (version and variant bits set), written as `2.25.<the UUID as a decimal
 * integer>`. The same parts always give the same UID, so a cohort's UIDs follow from its
 * seed; different parts give different UIDs with the collision odds of random 122-bit
 * UUIDs.
 *
 * @param parts - what names the object, e.g. `[seed, 'PH0001', 'series']`
 * @returns a UID of at most 44 characters
 */
export function nameBasedUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256')
    .update(['calvaria-phantom', ...parts.map((p) => String(p))].join('\u001f'))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return `${UID_ROOT}.${value.toString(10)}`;
}

/** Implementation Class UID (0002,0012) of files this package writes. */
export const IMPLEMENTATION_CLASS_UID = nameBasedUid(
  'implementation',
  '@calvaria/phantom',
);

/** Implementation Version Name (0002,0013) of files this package writes. */
export const IMPLEMENTATION_VERSION_NAME = 'CALVARIA_PH_010';

/** SOP Class UID of CT Image Storage (PS3.4 annex B.5). */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
