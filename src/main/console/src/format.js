import { locale } from './i18n.js';

export function escape(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString(locale());
}

export function money(value) {
  return value === null || value === undefined ? '–'
    : '¥' + Number(value).toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function percent(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? '–'
    : (value * 100).toLocaleString(locale(), { maximumFractionDigits: digits }) + '%';
}

export function ratio(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString(locale(), { maximumFractionDigits: 2 });
}

export function time(value) {
  return value ? new Date(value).toLocaleString(locale()) : '–';
}
