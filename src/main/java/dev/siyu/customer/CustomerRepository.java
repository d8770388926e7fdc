package dev.siyu.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	CustomerRepository(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<Customer> find(String id) {
		return this.jdbc.sql("""
				select * from customer where id = :id""")
			.param("id", id)
			.query((rs, row) -> map(rs, tags(id)))
			.optional();
	}

	/** The customer, or a {@link NotFoundException} (HTTP 404) naming the id. */
	public Customer require(String id) {
		return find(id).orElseThrow(() -> new NotFoundException("No customer with id '" + id + "'"));
	}

	/**
	 * Creates the customer if it is new, then applies the changes. Returns whether it was
	 * created.
	 */
	public boolean upsert(String id, CustomerChanges changes) {
		boolean created = createIfMissing(id);
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc.sql("""
				update customer set
				  name = coalesce(:name, name),
				  phone = coalesce(:phone, phone),
				  followed_official_account = coalesce(:followed, followed_official_account),
				  wecom_friend = coalesce(:wecomFriend, wecom_friend),
				  wechat_open_id = coalesce(:openId, wechat_open_id),
				  wecom_external_user_id = coalesce(:externalUserId, wecom_external_user_id),
				  email = coalesce(:email, email),
				  time_zone = coalesce(:timeZone, time_zone),
				  marketing_consent = coalesce(:consent, marketing_consent),
				  city = coalesce(:city, city),
				  source = coalesce(:source, source),
				  updated_at = :now
				where id = :id""")
			.param("name", changes.name())
			.param("phone", changes.phone())
			.param("followed", changes.followedOfficialAccount())
			.param("wecomFriend", changes.wecomFriend())
			.param("openId", changes.wechatOpenId())
			.param("externalUserId", changes.wecomExternalUserId())
			.param("email", changes.email())
			.param("timeZone", changes.timeZone())
			.param("consent", changes.marketingConsent())
			.param("city", changes.city())
			.param("source", changes.source())
			.param("now", now)
			.param("id", id)
			.update();
		if (changes.tags() != null) {
			this.jdbc.sql("delete from customer_tag where customer_id = :id").param("id", id).update();
			for (String tag : changes.tags()) {
				this.jdbc.sql("insert into customer_tag (customer_id, tag) values (:id, :tag)")
					.param("id", id)
					.param("tag", tag)
					.update();
			}
		}
		return created;
	}

	/**
	 * Inserts an empty customer with this id unless one exists. Returns whether it
	 * inserted.
	 */
	public boolean createIfMissing(String id) {
		OffsetDateTime now = this.clock.nowUtc();
		return this.jdbc.sql("""
				insert into customer (id, created_at, updated_at)
				select :id, :now, :now where not exists (select 1 from customer where id = :id)""")
			.param("id", id)
			.param("now", now)
			.update() == 1;
	}

	/**
	 * Takes the customer's row lock until the transaction ends: what intake, journey
	 * starts and journeys reaching a wait do for one customer happens one at a time, in
	 * the order they took it. Returns whether the customer exists.
	 */
	public boolean lock(String id) {
		return !this.jdbc.sql("select id from customer where id = :id for update")
			.param("id", id)
			.query(String.class)
			.list()
			.isEmpty();
	}

	/**
	 * The customer a vendor id belongs to, created with that id if Siyu has never seen
	 * it.
	 */
	public String idForVendorId(VendorId kind, String vendorId) {
		String column = kind.column;
		Optional<String> known = this.jdbc.sql("select id from customer where " + column + " = :vendorId")
			.param("vendorId", vendorId)
			.query(String.class)
			.optional();
		if (known.isPresent()) {
			return known.get();
		}
		String id = kind.prefix + vendorId;
		createIfMissing(id);
		this.jdbc.sql("update customer set " + column + " = :vendorId where id = :id and " + column + " is null")
			.param("vendorId", vendorId)
			.param("id", id)
			.update();
		return id;
	}

	/** The ids vendors know customers by. */
	public enum VendorId {

		WECHAT_OPEN_ID("wechat_open_id", "wx:"), WECOM_EXTERNAL_USER_ID("wecom_external_user_id", "wecom:");

		private final String column;

		private final String prefix;

		VendorId(String column, String prefix) {
			this.column = column;
			this.prefix = prefix;
		}

	}

	/** Adds and removes tags; a tag added twice is kept once. */
	public void retag(String id, Set<String> add, Set<String> remove) {
		for (String tag : remove) {
			this.jdbc.sql("delete from customer_tag where customer_id = :id and tag = :tag")
				.param("id", id)
				.param("tag", tag)
				.update();
		}
		for (String tag : add) {
			this.jdbc.sql("""
					insert into customer_tag (customer_id, tag) select :id, :tag
					where not exists (select 1 from customer_tag where customer_id = :id and tag = :tag)""")
				.param("id", id)
				.param("tag", tag)
				.update();
		}
	}

	/** Records that the customer no longer wants marketing on this channel. */
	public void optOut(String id, String channel, String source) {
		this.jdbc.sql("""
				insert into channel_opt_out (customer_id, channel, opted_out_at, source)
				select :id, :channel, :now, :source
				where not exists (select 1 from channel_opt_out where customer_id = :id and channel = :channel)""")
			.param("id", id)
			.param("channel", channel)
			.param("now", this.clock.nowUtc())
			.param("source", source)
			.update();
	}

	public boolean optedOut(String id, String channel) {
		return this.jdbc.sql("select count(*) from channel_opt_out where customer_id = :id and channel = :channel")
			.param("id", id)
			.param("channel", channel)
			.query(Long.class)
			.single() > 0;
	}

	private Set<String> tags(String id) {
		return new LinkedHashSet<>(this.jdbc.sql("select tag from customer_tag where customer_id = :id order by tag")
			.param("id", id)
			.query(String.class)
			.list());
	}

	private static Customer map(ResultSet rs, Set<String> tags) throws SQLException {
		Object consent = rs.getObject("marketing_consent");
		return new Customer(rs.getString("id"), rs.getString("name"), rs.getString("phone"),
				rs.getBoolean("followed_official_account"), rs.getBoolean("wecom_friend"), tags,
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
				rs.getString("wechat_open_id"), rs.getString("wecom_external_user_id"), rs.getString("email"),
				rs.getString("time_zone"), (consent != null) ? rs.getBoolean("marketing_consent") : null,
				rs.getString("city"), rs.getString("source"));
	}

}
