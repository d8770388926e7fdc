package dev.siyu.customer;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Customers from a CSV file: every row is checked first, and only a file without a
 * rejected row is imported, in one transaction, a thousand rows per statement batch. A
 * customer the file names is created, or updated where the file has a value (an empty
 * cell keeps what Siyu knows); tags are added.
 */
@Component
class CustomerCsvImport {

	static final Map<String, List<String>> COLUMNS = columns();

	private static final Pattern ID = Pattern.compile(CustomerIds.PATTERN);

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern TAG_SEPARATORS = Pattern.compile("[|;；、]");

	static final int BATCH = 1000;

	private final JdbcTemplate batch;

	private final BulkTransaction transaction;

	private final KnownCustomers known;

	private final SiyuClock clock;

	CustomerCsvImport(JdbcTemplate batch, BulkTransaction transaction, KnownCustomers known, SiyuClock clock) {
		this.batch = batch;
		this.transaction = transaction;
		this.known = known;
		this.clock = clock;
	}

	ImportResult run(CsvUpload upload) {
		ImportRejections rejections = new ImportRejections();
		Set<String> seen = new HashSet<>();
		long[] rows = { 0 };
		upload.read(List.of("id"), (row) -> {
			rows[0]++;
			String problem = check(row);
			if (problem == null && !seen.add(row.get("id"))) {
				problem = "customer '" + row.get("id") + "' is on an earlier line too: give each customer one row";
			}
			if (problem != null) {
				rejections.reject(row.line(), problem);
			}
		});
		seen.clear();
		if (rejections.any()) {
			throw new ImportRejectedException(rejections);
		}
		if (rows[0] == 0) {
			throw new InvalidInputException("the file has a header but no rows");
		}
		long[] counts = new long[2];
		try {
			this.transaction.run(() -> {
				List<CsvUpload.Row> page = new ArrayList<>(BATCH);
				upload.read(List.of("id"), (row) -> {
					page.add(row);
					if (page.size() == BATCH) {
						write(page, counts);
						page.clear();
					}
				});
				write(page, counts);
			});
		}
		catch (DuplicateKeyException ex) {
			throw new InvalidInputException("an openid or external_userid in the file already belongs to another"
					+ " customer (or is in the file twice), so nothing was imported: "
					+ ex.getMostSpecificCause().getMessage());
		}
		return new ImportResult(rows[0], counts[0], counts[1], 0, upload.charset().name());
	}

	/** What is wrong with the row, or null. */
	private static String check(CsvUpload.Row row) {
		if (row.tooManyCells()) {
			return "more cells than the header has columns (a comma inside a value needs quotes)";
		}
		String id = row.get("id");
		if (id == null) {
			return "'id' is empty";
		}
		if (!ID.matcher(id).matches()) {
			return "'id' " + id + " " + CustomerIds.RULE;
		}
		String phone = phone(row.get("phone"));
		if (phone != null && !PHONE.matcher(phone).matches()) {
			return "'phone' must be digits, optionally with a leading +";
		}
		String email = row.get("email");
		if (email != null && (!EMAIL.matcher(email).matches() || email.length() > 200)) {
			return "'email' " + email + " is not an e-mail address";
		}
		for (String column : List.of("name", "city", "source")) {
			int max = "name".equals(column) ? 200 : 100;
			if (row.get(column) != null && row.get(column).length() > max) {
				return "'" + column + "' is longer than " + max + " characters";
			}
		}
		for (String column : List.of("wechatOpenId", "wecomExternalUserId")) {
			if (row.get(column) != null && row.get(column).length() > 64) {
				return "'" + column + "' is longer than 64 characters";
			}
		}
		String zone = row.get("timeZone");
		if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
			return "'timeZone' " + zone + " is not a time zone id; use one such as Asia/Shanghai";
		}
		for (String column : List.of("marketingConsent", "followedOfficialAccount", "wecomFriend")) {
			String value = row.get(column);
			if (value != null && bool(value) == null) {
				return "'" + column + "' " + value + " is not yes or no (true/false, 1/0, 是/否, Y/N)";
			}
		}
		for (String tag : tags(row.get("tags"))) {
			if (tag.length() > 100) {
				return "a tag is longer than 100 characters";
			}
		}
		return null;
	}

	private void write(List<CsvUpload.Row> page, long[] counts) {
		if (page.isEmpty()) {
			return;
		}
		Set<String> existing = this.known.among(page.stream().map((row) -> row.get("id")).toList());
		var now = this.clock.nowUtc();
		List<Object[]> inserts = new ArrayList<>();
		List<Object[]> updates = new ArrayList<>();
		List<Object[]> tags = new ArrayList<>();
		for (CsvUpload.Row row : page) {
			String id = row.get("id");
			Object[] values = { row.get("name"), phone(row.get("phone")), row.get("email"), row.get("city"),
					row.get("source"), row.get("wechatOpenId"), row.get("wecomExternalUserId"), row.get("timeZone"),
					bool(row.get("marketingConsent")), bool(row.get("followedOfficialAccount")),
					bool(row.get("wecomFriend")) };
			if (existing.contains(id)) {
				updates.add(append(values, now, id));
			}
			else {
				Object[] insert = Arrays.copyOf(values, values.length);
				insert[9] = Boolean.TRUE.equals(values[9]);
				insert[10] = Boolean.TRUE.equals(values[10]);
				inserts.add(append(insert, now, now, id));
			}
			for (String tag : tags(row.get("tags"))) {
				tags.add(new Object[] { id, tag, id, tag });
			}
		}
		this.batch.batchUpdate("""
				insert into customer (name, phone, email, city, source, wechat_open_id, wecom_external_user_id,
				                      time_zone, marketing_consent, followed_official_account, wecom_friend,
				                      created_at, updated_at, id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", inserts);
		this.batch.batchUpdate("""
				update customer set name = coalesce(?, name), phone = coalesce(?, phone), email = coalesce(?, email),
				       city = coalesce(?, city), source = coalesce(?, source),
				       wechat_open_id = coalesce(?, wechat_open_id),
				       wecom_external_user_id = coalesce(?, wecom_external_user_id),
				       time_zone = coalesce(?, time_zone), marketing_consent = coalesce(?, marketing_consent),
				       followed_official_account = coalesce(?, followed_official_account),
				       wecom_friend = coalesce(?, wecom_friend), updated_at = ?
				where id = ?""", updates);
		this.batch.batchUpdate("""
				insert into customer_tag (customer_id, tag) select ?, ?
				where not exists (select 1 from customer_tag where customer_id = ? and tag = ?)""", tags);
		counts[0] += inserts.size();
		counts[1] += updates.size();
	}

	private static Object[] append(Object[] values, Object... more) {
		Object[] all = Arrays.copyOf(values, values.length + more.length);
		System.arraycopy(more, 0, all, values.length, more.length);
		return all;
	}

	/**
	 * Spaces and dashes in a phone number are the way people write it, not part of it.
	 */
	private static String phone(String value) {
		return (value == null) ? null : value.replaceAll("[\\s-]", "");
	}

	static Boolean bool(String value) {
		if (value == null) {
			return null;
		}
		return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
			case "true", "yes", "y", "1", "是", "已关注", "同意" -> true;
			case "false", "no", "n", "0", "否", "未关注", "不同意" -> false;
			default -> null;
		};
	}

	private static List<String> tags(String value) {
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(TAG_SEPARATORS.split(value)).map(String::strip).filter((tag) -> !tag.isEmpty()).toList();
	}

	private static Map<String, List<String>> columns() {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		columns.put("id", List.of("customerId", "客户ID", "客户编号", "会员ID", "会员编号"));
		columns.put("name", List.of("姓名", "昵称", "客户姓名", "会员名"));
		columns.put("phone", List.of("手机号", "手机", "手机号码", "电话"));
		columns.put("email", List.of("邮箱", "电子邮箱"));
		columns.put("city", List.of("城市", "所在城市"));
		columns.put("source", List.of("来源", "渠道", "客户来源"));
		columns.put("wechatOpenId", List.of("openid", "微信openid"));
		columns.put("wecomExternalUserId", List.of("external_userid", "企微外部联系人ID"));
		columns.put("timeZone", List.of("时区"));
		columns.put("marketingConsent", List.of("营销许可", "同意营销"));
		columns.put("followedOfficialAccount", List.of("已关注公众号", "关注公众号"));
		columns.put("wecomFriend", List.of("企微好友", "是否企微好友"));
		columns.put("tags", List.of("标签"));
		return java.util.Collections.unmodifiableMap(columns);
	}

}
