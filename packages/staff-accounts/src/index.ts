export { NO_ORGAN, StaffStore } from "./staff-store.js";
export type { SignInResult, StaffAccount, StaffRole, StaffStoreOptions } from "./staff-store.js";
export { hashSecret, verifySecret } from "./password-hash.js";
export {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  totp,
} from "./totp.js";
export type { TotpAlgorithm, TotpOptions } from "./totp.js";
export { createStaffError } from "./errors.js";
export type { StaffErrorCode } from "./errors.js";
