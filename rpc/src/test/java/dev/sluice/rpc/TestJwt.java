package dev.sluice.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds JWTs for the operator-port tests, well- and ill-formed. */
public final class TestJwt {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TestJwt() {}

  /** An HS256 token with {@code claims} (a JSON object) signed with {@code secret}. */
  public static String hs256(byte[] secret, String claims) {
    return sign(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims);
  }

  public static String sign(byte[] secret, String header, String claims) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput
          + "."
          + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** An unsigned token ({@code alg: none}), which must never pass. */
  public static String unsigned(String claims) {
    return encode("{\"alg\":\"none\"}") + "." + encode(claims) + ".";
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
