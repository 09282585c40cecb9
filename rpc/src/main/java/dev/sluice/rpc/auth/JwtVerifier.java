package dev.sluice.rpc.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.rpc.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the bearer tokens of the operator port as the Ethereum Engine API does: an HS256 JWT
 * signed with the shared 32-byte secret, whose {@code iat} is within {@code allowedSkew} of the
 * node's clock. Only HS256 is accepted (so never {@code none}); a token that also carries {@code
 * exp} must not have expired. HMAC comes from the JDK, which makes a JWT library unnecessary for
 * one algorithm.
 */
public final class JwtVerifier {
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final InstantSource clock;
  private final Duration allowedSkew;
  private final JsonCodec json = new JsonCodec(4, 4096);

  public JwtVerifier(JwtSecret secret, InstantSource clock, Duration allowedSkew) {
    this.key = new SecretKeySpec(secret.key(), "HmacSHA256");
    this.clock = clock;
    this.allowedSkew = allowedSkew;
  }

  /**
   * Checks an {@code Authorization} header value.
   *
   * @throws JwtVerificationException saying what is missing or wrong
   */
  public void verify(String authorization) throws JwtVerificationException {
    if (authorization == null || authorization.isBlank()) {
      throw new JwtVerificationException(
          "missing Authorization header: send \"Authorization: Bearer <JWT>\", an HS256 token"
              + " signed with the node's JWT secret, with iat set to the current time");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new JwtVerificationException("the Authorization header must be \"Bearer <JWT>\"");
    }
    String token = authorization.substring(7).strip();
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new JwtVerificationException(
          "a JWT has three base64url parts separated by dots; this one has " + parts.length);
    }
    JsonNode header = decodePart(parts[0], "header");
    if (!"HS256".equals(header.path("alg").textValue())) {
      throw new JwtVerificationException(
          "the token's alg must be HS256, got " + header.path("alg"));
    }
    byte[] expected = hmac((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    byte[] actual = decode(parts[2], "signature");
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new JwtVerificationException(
          "the token's signature does not match: it was not signed with this node's JWT secret");
    }
    checkTimes(decodePart(parts[1], "payload"));
  }

  private void checkTimes(JsonNode claims) throws JwtVerificationException {
    JsonNode iat = claims.path("iat");
    if (!iat.isIntegralNumber()) {
      throw new JwtVerificationException("the token has no iat claim (issued-at, in Unix seconds)");
    }
    long now = clock.instant().getEpochSecond();
    long skew = Math.abs(now - iat.longValue());
    if (skew > allowedSkew.toSeconds()) {
      throw new JwtVerificationException(
          "the token was issued at "
              + iat.longValue()
              + ", "
              + skew
              + " s from the node's clock ("
              + now
              + "); tokens must be issued within "
              + allowedSkew.toSeconds()
              + " s of it: sign a fresh one and check the clocks");
    }
    JsonNode exp = claims.path("exp");
    if (exp.isNumber() && exp.longValue() < now) {
      throw new JwtVerificationException(
          "the token expired at " + exp.longValue() + "; the node's clock says " + now);
    }
  }

  private JsonNode decodePart(String part, String name) throws JwtVerificationException {
    try {
      JsonNode node = json.parse(decode(part, name));
      if (!node.isObject()) {
        throw new JwtVerificationException("the token's " + name + " is not a JSON object");
      }
      return node;
    } catch (JsonCodec.MalformedJsonException malformed) {
      throw new JwtVerificationException(
          "the token's " + name + " is not JSON: " + malformed.getMessage());
    }
  }

  private static byte[] decode(String part, String name) throws JwtVerificationException {
    try {
      return BASE64URL.decode(part);
    } catch (IllegalArgumentException malformed) {
      throw new JwtVerificationException("the token's " + name + " is not base64url");
    }
  }

  private byte[] hmac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(input);
    } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
    }
  }
}
