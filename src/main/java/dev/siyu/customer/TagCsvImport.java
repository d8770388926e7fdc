package dev.siyu.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.siyu.system.InvalidInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tags from a CSV file, one row per customer and tag (a list from a live-stream tool, a
 * questionnaire export): added to customers who exist; a tag she has already is left.
 * Every row is checked first; only a file without a rejected row is imported.
 */
@Component
class TagCsvImport {

	static final Map<String, List<String>> COLUMNS = columns();

	private static final List<String> REQUIRED = List.of("customerId", "tag");

	private final JdbcTemplate batch;

	private final BulkTransaction transaction;

	private final KnownCustomers known;

	TagCsvImport(JdbcTemplate batch, BulkTransaction transaction, KnownCustomers known) {
		this.batch = batch;
		this.transaction = transaction;
		this.known = known;
	}

	ImportResult run(CsvUpload upload) {
		ImportRejections rejections = new ImportRejections();
		Map<String, Long> customers = new HashMap<>();
		long[] rows = { 0 };
		upload.read(REQUIRED, (row) -> {
			rows[0]++;
			if (row.tooManyCells()) {
				rejections.reject(row.line(), "more cells than the header has columns");
			}
			else if (row.get("customerId") == null || row.get("tag") == null) {
				rejections.reject(row.line(), "'customerId' and 'tag' must both be given");
			}
			else if (row.get("tag").length() > 100) {
				rejections.reject(row.line(), "'tag' is longer than 100 characters");
			}
			else {
				customers.putIfAbsent(row.get("customerId"), row.line());
			}
		});
		this.known.rejectUnknown(customers, rejections);
		if (rejections.any()) {
			throw new ImportRejectedException(rejections);
		}
		if (rows[0] == 0) {
			throw new InvalidInputException("the file has a header but no rows");
		}
		long[] added = { 0 };
		this.transaction.run(() -> {
			List<Object[]> page = new ArrayList<>();
			upload.read(REQUIRED, (row) -> {
				page.add(new Object[] { row.get("customerId"), row.get("tag"), row.get("customerId"), row.get("tag") });
				if (page.size() == CustomerCsvImport.BATCH) {
					added[0] += write(page);
					page.clear();
				}
			});
			added[0] += write(page);
		});
		return new ImportResult(rows[0], added[0], 0, rows[0] - added[0], upload.charset().name());
	}

	private long write(List<Object[]> page) {
		long added = 0;
		for (int count : this.batch.batchUpdate("""
				insert into customer_tag (customer_id, tag) select ?, ?
				where not exists (select 1 from customer_tag where customer_id = ? and tag = ?)""", page)) {
			added += Math.max(count, 0);
		}
		return added;
	}

	private static Map<String, List<String>> columns() {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		columns.put("customerId", List.of("id", "客户ID", "会员ID", "客户编号"));
		columns.put("tag", List.of("标签"));
		return java.util.Collections.unmodifiableMap(columns);
	}

}
