/** Price bands of the facets, in minor units: under 25, 25–50, 50–75, 75–100, 100 and more. */
export const PRICE_BANDS: ReadonlyArray<{ minMinor: number; maxMinor: number | null }> = [
  { minMinor: 0, maxMinor: 2_500 },
  { minMinor: 2_500, maxMinor: 5_000 },
  { minMinor: 5_000, maxMinor: 7_500 },
  { minMinor: 7_500, maxMinor: 10_000 },
  { minMinor: 10_000, maxMinor: null },
];
