package dev.siyu.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A database that outlives the Siyu JVMs a test kills on it: PostgreSQL in the failsafe
 * run; otherwise an H2 file in a directory of its own, with the URL Siyu uses by default.
 *
 * @param arguments what points a {@link SiyuJvm} at it
 */
public record CrashDatabase(List<String> arguments, String url, String user, String password) {

	public static CrashDatabase create() {
		if ("postgres".equals(System.getProperty("siyu.test.database"))) {
			Map<String, Object> datasource = TestDatabase.newPostgresDatabase();
			return new CrashDatabase(SiyuJvm.database(datasource), (String) datasource.get("spring.datasource.url"),
					(String) datasource.get("spring.datasource.username"),
					(String) datasource.get("spring.datasource.password"));
		}
		try {
			Path directory = Files.createTempDirectory(Path.of("target"), "crash-h2-");
			return new CrashDatabase(List.of("--SIYU_DATA_DIR=" + directory.toAbsolutePath()),
					"jdbc:h2:file:" + directory.toAbsolutePath() + "/siyu", "sa", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.user, this.password);
	}

}
