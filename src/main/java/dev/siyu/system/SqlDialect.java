package dev.siyu.system;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Which database Siyu runs on, for the few statements that H2 and PostgreSQL spell or
 * plan differently. Asked of the first connection that needs it, not at start-up.
 */
@Component
public class SqlDialect {

	private final DataSource dataSource;

	private volatile Boolean postgres;

	SqlDialect(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	public boolean postgres() {
		Boolean known = this.postgres;
		if (known == null) {
			try {
				known = "PostgreSQL".equalsIgnoreCase(
						JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName));
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("Cannot tell which database Siyu runs on", ex);
			}
			this.postgres = known;
		}
		return known;
	}

	/**
	 * The row lock that keeps other writers of the rows' dependents out: on PostgreSQL
	 * one that does not wait for inserts that merely refer to the rows.
	 */
	public String lockForUpdate() {
		return postgres() ? "for no key update" : "for update";
	}

}
