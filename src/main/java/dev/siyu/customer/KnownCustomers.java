package dev.siyu.customer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which of the customers an import names Siyu knows, a thousand ids per query. */
@Component
class KnownCustomers {

	private final JdbcClient jdbc;

	private final BulkTransaction transaction;

	KnownCustomers(JdbcClient jdbc, BulkTransaction transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** Those of the ids (at most a thousand) that are customers. */
	Set<String> among(List<String> ids) {
		return new HashSet<>(this.jdbc.sql("select id from customer where id in (:ids)")
			.param("ids", ids)
			.query(String.class)
			.list());
	}

	/**
	 * Rejects, on the first line that names her, every customer of {@code firstLines}
	 * whom Siyu does not know.
	 */
	void rejectUnknown(Map<String, Long> firstLines, ImportRejections rejections) {
		List<String> ids = new ArrayList<>(firstLines.keySet());
		this.transaction.run(() -> {
			for (int from = 0; from < ids.size(); from += CustomerCsvImport.BATCH) {
				List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CustomerCsvImport.BATCH));
				Set<String> known = among(chunk);
				chunk.stream()
					.filter((id) -> !known.contains(id))
					.forEach((id) -> rejections.reject(firstLines.get(id),
							"no customer '" + id + "': import the customers first"));
			}
		});
	}

}
