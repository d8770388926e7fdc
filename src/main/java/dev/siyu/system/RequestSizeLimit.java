package dev.siyu.system;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies sent to the API, Camunda's REST API and the vendors' callbacks are at most
 * {@code siyu.api.max-request-size} (10 MB): a larger one is answered 413 before it is
 * read, so no caller can fill the memory with one request. CSV files sent as the body of
 * {@code /api/import/*} are read as a stream and may be up to
 * {@code siyu.api.max-import-size} (1 GB, as multipart uploads); multipart uploads
 * (imports, deployments) have their own limits ({@code spring.servlet.multipart.*}). A
 * body sent without a length is counted as it is read and refused past the limit.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

	private final Limit api;

	private final Limit imports;

	RequestSizeLimit(@Value("${siyu.api.max-request-size:10MB}") DataSize api,
			@Value("${siyu.api.max-import-size:1GB}") DataSize imports) {
		this.api = new Limit(api, "siyu.api.max-request-size",
				"Send events in batches of at most 500, and files through the /api/import endpoints.");
		this.imports = new Limit(imports, "siyu.api.max-import-size", "Split the file and import the parts.");
	}

	/** A limit, the setting that raises it, and what to do instead. */
	record Limit(DataSize size, String property, String advice) {

		/** What the caller reads: the size, the limit, and how to send less. */
		String detail(String bodySize) {
			return "The request body is " + bodySize + "; Siyu takes at most " + readable(this.size) + " ("
					+ this.property + "). " + this.advice;
		}

	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		boolean guarded = path.startsWith("/api/") || path.startsWith("/engine-rest/")
				|| path.startsWith("/callbacks/");
		String type = request.getContentType();
		return !guarded || (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Limit limit = path(request).startsWith("/api/import/") ? this.imports : this.api;
		long length = request.getContentLengthLong();
		if (length > limit.size().toBytes()) {
			refuse(response, limit.detail(length + " bytes"));
			return;
		}
		if (length >= 0) {
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(new Counted(request, limit), response);
		}
		catch (ServletException | RuntimeException ex) {
			BodyTooLarge tooLarge = tooLarge(ex);
			if (tooLarge == null || response.isCommitted()) {
				throw ex;
			}
			response.reset();
			refuse(response, tooLarge.getMessage());
		}
	}

	private static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + " MB";
		}
		return (bytes % 1024 == 0) ? size.toKilobytes() + " KB" : bytes + " bytes";
	}

	private void refuse(HttpServletResponse response, String detail) throws IOException {
		response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,\"detail\":\"" + detail
					+ "\"}");
	}

	/** The body-too-large error among the causes, if reading the body met one. */
	static BodyTooLarge tooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLarge tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

	/** Thrown while reading a body that has passed the limit. */
	static final class BodyTooLarge extends IOException {

		BodyTooLarge(Limit limit) {
			super(limit.detail("more than " + limit.size().toBytes() + " bytes"));
		}

	}

	private static final class Counted extends HttpServletRequestWrapper {

		private final Limit limit;

		private ServletInputStream counted;

		Counted(HttpServletRequest request, Limit limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.counted == null) {
				ServletInputStream in = super.getInputStream();
				this.counted = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(long n) throws BodyTooLarge {
						this.read += n;
						if (this.read > Counted.this.limit.size().toBytes()) {
							throw new BodyTooLarge(Counted.this.limit);
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}

				};
			}
			return this.counted;
		}

	}

}
