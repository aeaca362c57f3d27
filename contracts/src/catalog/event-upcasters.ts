import { v1PersonalDataUpcasters } from "../events/v1-personal-data-upcasters.js";
import type { Upcaster } from "./upcaster.js";

/** Upcasters of the released catalog: every legacy major has a chain to the latest. */
export const eventUpcasters: readonly Upcaster[] = [...v1PersonalDataUpcasters];
