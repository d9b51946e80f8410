import { xlsx, HEADER, patientRows } from './test/helpers/referral-tables';
import { readTable } from '../modules/admin/server/parse/index';
import { tableRows } from '../modules/admin/server/rows';
import { presentPreview } from '../modules/admin/server/present';
import ExcelJS from 'exceljs';
const table = await xlsx([{ name: 'Лист1', rows: [HEADER, ...patientRows(5000)] }]);
console.log('bytes', table.length);
for (let k = 0; k < 2; k++) {
let t = performance.now();
const wb = new ExcelJS.Workbook(); await wb.xlsx.load(table as any);
console.log('plain exceljs load', Math.round(performance.now() - t));
t = performance.now();
const parsed = await readTable('x.xlsx', table);
console.log('readTable', Math.round(performance.now() - t));
t = performance.now();
const { files, rows } = tableRows([parsed]);
console.log('tableRows', Math.round(performance.now() - t));
t = performance.now();
const p = presentPreview({ id: 'x', createdBy: 'y', createdAt: '', expiresAt: '', files, rows }, new Map(), 'ru');
console.log('present', Math.round(performance.now() - t));
t = performance.now();
const json = JSON.stringify(p);
console.log('stringify', Math.round(performance.now() - t), json.length);
}
