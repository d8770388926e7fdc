package dev.siyu.customer;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.siyu.system.InvalidInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as Chinese shop back-ends and Excel export it: UTF-8 (with or without a byte
 * order mark) or GBK, comma- or tab-separated, with a header row whose columns may be
 * named in English or Chinese. The upload is kept in a temporary file, so a file is read
 * twice (checked whole, then imported) without holding a million rows in memory.
 */
final class CsvUpload implements AutoCloseable {

	private final Path file;

	private final Charset charset;

	private final Map<String, List<String>> columns;

	/**
	 * @param columns each column's name and the other names it may go by in a header (as
	 * exported by 有赞, 微盟, 淘宝 and the like)
	 */
	CsvUpload(InputStream body, String charsetName, Map<String, List<String>> columns) {
		this.columns = columns;
		Path upload = null;
		try {
			upload = Files.createTempFile("siyu-import", ".csv");
			try (InputStream in = body) {
				Files.copy(in, upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
			this.charset = (charsetName != null && !charsetName.isBlank()) ? named(charsetName) : detect(upload);
			this.file = upload;
		}
		catch (IOException | RuntimeException ex) {
			// the upload broke off, or the charset asked for is unknown: nothing is kept
			delete(upload);
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new UncheckedIOException((IOException) ex);
		}
	}

	Charset charset() {
		return this.charset;
	}

	/**
	 * A data row: its line in the file (the header is line 1), its cells by column, and
	 * whether it had more cells than the header has columns.
	 */
	record Row(long line, Map<String, String> cells, boolean tooManyCells) {

		/** The cell, trimmed, or null when empty or absent. */
		String get(String column) {
			String value = this.cells.get(column);
			return (value == null || value.isBlank()) ? null : value.strip();
		}

	}

	/**
	 * Reads every data row in order. Refuses a file whose header names a column not
	 * known, or lacks one of {@code required}.
	 */
	void read(List<String> required, Consumer<Row> rows) {
		try (Reader reader = reader(); CSVParser parser = format(this.file, this.charset).parse(reader)) {
			List<String> header = parser.getHeaderNames();
			List<String> names = new ArrayList<>();
			for (String title : header) {
				String name = canonical(title);
				if (names.contains(name)) {
					throw new InvalidInputException("line 1: two columns mean '" + name + "' ("
							+ header.get(names.indexOf(name)) + " and " + title + "): keep one");
				}
				names.add(name);
			}
			for (String column : required) {
				if (!names.contains(column)) {
					throw new InvalidInputException("line 1: the header has no column '" + column + "' (or "
							+ this.columns.get(column) + "); it has " + header);
				}
			}
			long line = 2;
			for (CSVRecord record : parser) {
				long at = line;
				line += 1 + newlines(record);
				if (record.size() == 1 && record.get(0).isBlank()) {
					continue;
				}
				Map<String, String> cells = new LinkedHashMap<>();
				for (int i = 0; i < names.size() && i < record.size(); i++) {
					cells.put(names.get(i), record.get(i));
				}
				rows.accept(new Row(at, cells, record.size() > names.size()));
			}
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			throw new InvalidInputException("the file is not CSV that can be read: " + ex.getMessage());
		}
	}

	/** The line breaks inside a record's quoted cells. */
	private static long newlines(CSVRecord record) {
		long count = 0;
		for (String value : record) {
			count += value.chars().filter((c) -> c == '\n').count();
		}
		return count;
	}

	private String canonical(String title) {
		String name = title.strip().replace("\uFEFF", "");
		for (Map.Entry<String, List<String>> column : this.columns.entrySet()) {
			if (column.getKey().equalsIgnoreCase(name)
					|| column.getValue().stream().anyMatch((alias) -> alias.equalsIgnoreCase(name))) {
				return column.getKey();
			}
		}
		throw new InvalidInputException(
				"line 1: unknown column '" + name + "'; the columns are " + this.columns.keySet() + " or their"
						+ " Chinese names " + this.columns.values().stream().flatMap(List::stream).toList());
	}

	private Reader reader() throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(this.file));
		if (this.charset.equals(StandardCharsets.UTF_8)) {
			in.mark(3);
			byte[] bom = in.readNBytes(3);
			if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
				in.reset();
			}
		}
		CharsetDecoder decoder = this.charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
	}

	private static CSVFormat format(Path file, Charset charset) throws IOException {
		String first;
		try (BufferedReader lines = Files.newBufferedReader(file, charset)) {
			first = lines.readLine();
		}
		if (first == null) {
			throw new InvalidInputException("the file is empty: it needs a header row and at least one row");
		}
		char delimiter = (first.indexOf('\t') >= 0 && first.indexOf(',') < 0) ? '\t' : ',';
		return CSVFormat.RFC4180.builder()
			.setDelimiter(delimiter)
			.setHeader()
			.setSkipHeaderRecord(true)
			// empty lines are skipped by read(), which counts them
			.setIgnoreEmptyLines(false)
			.setTrim(false)
			.get();
	}

	/**
	 * UTF-8 when every byte decodes as UTF-8 (a GBK file of Chinese text practically
	 * never does), otherwise GB18030, which reads GBK and GB2312.
	 */
	private static Charset detect(Path file) throws IOException {
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try (InputStream in = Files.newInputStream(file)) {
			ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
			CharBuffer chars = CharBuffer.allocate(1 << 16);
			byte[] chunk = new byte[1 << 15];
			int read;
			while ((read = in.read(chunk)) >= 0) {
				bytes.put(chunk, 0, read);
				bytes.flip();
				if (utf8.decode(bytes, chars, false).isError()) {
					return Charset.forName("GB18030");
				}
				chars.clear();
				bytes.compact();
			}
			bytes.flip();
			if (utf8.decode(bytes, chars, true).isError() || utf8.flush(chars).isError()) {
				return Charset.forName("GB18030");
			}
			return StandardCharsets.UTF_8;
		}
		catch (CharacterCodingException ex) {
			return Charset.forName("GB18030");
		}
	}

	private static Charset named(String name) {
		String upper = name.toUpperCase(Locale.ROOT);
		if (upper.equals("GBK") || upper.equals("GB2312") || upper.equals("GB18030")) {
			return Charset.forName("GB18030");
		}
		if (upper.equals("UTF-8") || upper.equals("UTF8")) {
			return StandardCharsets.UTF_8;
		}
		throw new InvalidInputException("'charset' must be UTF-8 or GBK (GB2312, GB18030), not '" + name + "'");
	}

	@Override
	public void close() {
		delete(this.file);
	}

	private static void delete(Path file) {
		try {
			if (file != null) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// a temporary file; the OS cleans it up
		}
	}

}
