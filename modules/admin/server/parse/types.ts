import type { CellValue } from '@oblako/domain';
import type { FileFormat, FileProblemCode } from '../../api';

/** One sheet as a grid of cell values: grid[0] is the sheet's row 1. */
export interface ParsedSheet {
  name: string;
  grid: CellValue[][];
}

export interface ParsedFile {
  name: string;
  format?: FileFormat;
  encoding?: 'utf-8' | 'windows-1251';
  delimiter?: ';' | ',' | '\t';
  sheets: ParsedSheet[];
  problem?: { code: FileProblemCode; line?: number };
}
