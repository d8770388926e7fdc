package dev.siyu.customer;

/**
 * What an import did.
 *
 * @param rows data rows in the file
 * @param created customers (or orders, or tags) that were new
 * @param updated customers that existed and were updated
 * @param unchanged rows that were there already (an order imported before, a tag she
 * had), so importing a file again changes nothing
 * @param charset how the file was read (UTF-8, or GB18030 for GBK)
 */
record ImportResult(long rows, long created, long updated, long unchanged, String charset) {
}
