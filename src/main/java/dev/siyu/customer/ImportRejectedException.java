package dev.siyu.customer;

import java.util.List;

/** A file with rows that cannot be taken: nothing of it was imported. */
class ImportRejectedException extends RuntimeException {

	private final long count;

	private final List<ImportRejections.Rejection> rejected;

	ImportRejectedException(ImportRejections rejections) {
		super(rejections.count() + " row(s) rejected, so nothing was imported: fix them and send the whole file again");
		this.count = rejections.count();
		this.rejected = rejections.kept();
	}

	long count() {
		return this.count;
	}

	List<ImportRejections.Rejection> rejected() {
		return this.rejected;
	}

}
