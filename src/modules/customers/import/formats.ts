// Its own file so that the CLI can offer the choices without loading the CSV parser.
export const importFormats = ['csv', 'whitespace'] as const;
export type ImportFormat = (typeof importFormats)[number];
