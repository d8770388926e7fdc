package dev.siyu.customer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * CSV imports: {@code POST /api/import/customers}, {@code /orders} and {@code /tags}, the
 * file as the request body ({@code text/csv}) or as the form field {@code file}. UTF-8 or
 * GBK is recognised; {@code ?charset=GBK} says it outright.
 */
@RestController
class ImportController {

	private final Map<String, Kind> kinds;

	ImportController(CustomerCsvImport customers, OrderCsvImport orders, TagCsvImport tags) {
		this.kinds = Map.of("customers", new Kind(CustomerCsvImport.COLUMNS, customers::run), "orders",
				new Kind(OrderCsvImport.COLUMNS, orders::run), "tags", new Kind(TagCsvImport.COLUMNS, tags::run));
	}

	private record Kind(Map<String, List<String>> columns, Function<CsvUpload, ImportResult> run) {
	}

	@PostMapping(path = "/api/import/{kind}",
			consumes = { "text/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel" })
	ImportResult body(@PathVariable String kind, @RequestParam(required = false) String charset,
			HttpServletRequest request) throws IOException {
		return run(kind, charset, request.getInputStream());
	}

	@PostMapping(path = "/api/import/{kind}", consumes = "multipart/form-data")
	ImportResult form(@PathVariable String kind, @RequestParam(required = false) String charset,
			@RequestPart("file") MultipartFile file) throws IOException {
		return run(kind, charset, file.getInputStream());
	}

	private ImportResult run(String name, String charset, InputStream body) {
		Kind kind = this.kinds.get(name);
		if (kind == null) {
			throw new dev.siyu.system.NotFoundException(
					"No import of '" + name + "': POST to /api/import/customers, /orders or /tags");
		}
		try (CsvUpload upload = new CsvUpload(body, charset, kind.columns())) {
			return kind.run().apply(upload);
		}
	}

	@ExceptionHandler(ImportRejectedException.class)
	ProblemDetail rejected(ImportRejectedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setProperty("rejectedCount", ex.count());
		problem.setProperty("rejected", ex.rejected());
		return problem;
	}

}
