package dev.siyu.messaging.wecom;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.crypto.PKCS7Encoder;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;

/**
 * Opens WeCom's callbacks: the signature is the SHA-1 of the sorted token, timestamp,
 * nonce and ciphertext (WxJava checks it); the plaintext is AES-256-CBC of 16 random
 * bytes, the message length, the message and the corp id it was encrypted for. WxJava
 * leaves that corp id unchecked, so a message of another corp that shares the key would
 * pass: here it must be ours. A callback older or newer than five minutes is refused, so
 * a captured one cannot be replayed later.
 */
class WecomCallbackCrypt extends WxCpCryptUtil {

	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	private final String corpId;

	WecomCallbackCrypt(WecomProperties properties) {
		super(storage(properties));
		this.corpId = properties.corpId();
	}

	/** The plaintext of an {@code echostr}, or of a callback body's {@code Encrypt}. */
	String open(String signature, String timestamp, String nonce, String encrypted, boolean xml) {
		requireFresh(timestamp);
		try {
			return xml ? decryptXml(signature, timestamp, nonce, encrypted)
					: decryptContent(signature, timestamp, nonce, encrypted);
		}
		catch (WxRuntimeException ex) {
			throw new Rejected(ex.getMessage());
		}
	}

	@Override
	public String decrypt(String cipherText) {
		byte[] plain;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(this.aesKey, "AES"),
					new IvParameterSpec(Arrays.copyOfRange(this.aesKey, 0, 16)));
			plain = PKCS7Encoder.decode(cipher.doFinal(Base64.getDecoder().decode(cipherText)));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new Rejected("the ciphertext does not decrypt");
		}
		if (plain.length < 20) {
			throw new Rejected("the plaintext is too short");
		}
		int length = ((plain[16] & 0xff) << 24) | ((plain[17] & 0xff) << 16) | ((plain[18] & 0xff) << 8)
				| (plain[19] & 0xff);
		if (length < 0 || 20 + length > plain.length) {
			throw new Rejected("the plaintext's length is wrong");
		}
		String receiver = new String(plain, 20 + length, plain.length - 20 - length, StandardCharsets.UTF_8);
		if (!receiver.equals(this.corpId)) {
			throw new Rejected("the message was encrypted for another corp");
		}
		return new String(plain, 20, length, StandardCharsets.UTF_8);
	}

	private static void requireFresh(String timestamp) {
		long seconds;
		try {
			seconds = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			throw new Rejected("the timestamp is not a number");
		}
		Duration skew = Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs();
		if (skew.compareTo(MAX_SKEW) > 0) {
			throw new Rejected("the timestamp is " + skew.toSeconds() + " s off");
		}
	}

	private static WxCpDefaultConfigImpl storage(WecomProperties properties) {
		WxCpDefaultConfigImpl storage = new WxCpDefaultConfigImpl();
		storage.setCorpId(properties.corpId());
		storage.setToken(properties.token());
		storage.setAesKey(properties.aesKey());
		return storage;
	}

	/** A callback that is forged, stale, or not for this corp. */
	static class Rejected extends RuntimeException {

		Rejected(String reason) {
			super(reason);
		}

	}

}
