package io.parley.sdk.inputs;

import io.parley.base.crypto.IdentityBinding;
import io.parley.base.crypto.PublicKey;
import io.parley.base.types.Address;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedBatch;
import io.parley.zk.inputs.Sealer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Off-chain secret inputs (docs/spec/secret-inputs.md section 9): many elements of one collection
 * sealed as one kind-3 transaction that carries only commitments and digests, and each member's
 * ciphertext delivered to its input endpoint over TLS, the endpoint's certificate checked against
 * the member's signing key. Deliver after the transaction's receipt (a member takes a ciphertext
 * only for an input in a final block) and before the deadline in its {@code InputsAwaitingDelivery}
 * event.
 */
public final class OffChainInputs {
  /**
   * The gas limit a draft carries: {@code 1,000,000 + 400,000} per element, room for the members'
   * share of the price (section 9) and each element's {@code on input} rule (about 250,000 gas for
   * a simple collection, most of it the contract instance's memory); override with {@code
   * withGasLimit}.
   */
  public static final long GAS_LIMIT_BASE = 1_000_000;

  public static final long GAS_LIMIT_PER_ELEMENT = 400_000;

  private OffChainInputs() {}

  /** The transaction to sign, and once signed, each member's ciphertext to deliver. */
  public static final class Draft {
    private final TransactionTemplate template;
    private final AtomicReference<SealedBatch.Sealed> sealed;

    private Draft(TransactionTemplate template, AtomicReference<SealedBatch.Sealed> sealed) {
      this.template = template;
      this.sealed = sealed;
    }

    public TransactionTemplate template() {
      return template;
    }

    /** Member j's ciphertext, j = 0..n-1 (after the template was signed). */
    public List<Bytes> ciphertexts() {
      SealedBatch.Sealed s = sealed.get();
      if (s == null) {
        throw new IllegalStateException("sign the template first: the ciphertexts depend on it");
      }
      return s.ciphertexts();
    }
  }

  /** The kind-3 draft for {@code elements} of {@code collection}, each checked against its type. */
  public static Draft draft(
      CommitteeView view, String collection, List<List<BigInteger>> elements) {
    CommitteeView.Collection c = SecretInputs.collectionOf(view, collection);
    if (elements.isEmpty() || elements.size() > SealedBatch.MAX_COUNT) {
      throw new IllegalArgumentException(
          "an off-chain input holds 1.." + SealedBatch.MAX_COUNT + " elements");
    }
    List<List<BigInteger>> checked = new ArrayList<>();
    for (List<BigInteger> element : elements) {
      checked.add(SecretInputs.check(c, element));
    }
    Address contract = view.contract();
    AtomicReference<SealedBatch.Sealed> out = new AtomicReference<>();
    TransactionTemplate template =
        Transactions.secretInput(
                contract,
                (chainId, sender, nonce) -> {
                  SealedBatch.Sealed s =
                      Sealer.sealBatch(
                          view.committee(),
                          new InputContext(
                              chainId,
                              sender,
                              nonce,
                              contract,
                              collection,
                              0,
                              view.committee().hash()),
                          checked);
                  out.set(s);
                  return s.batch().encode();
                })
            .withGasLimit(GAS_LIMIT_BASE + GAS_LIMIT_PER_ELEMENT * elements.size());
    return new Draft(template, out);
  }

  /** Why a delivery failed: the endpoint's status and answer. */
  public static final class DeliveryException extends IOException {
    private final int status;

    DeliveryException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Sends member {@code j}'s {@code ciphertext} of input {@code transaction} to {@code endpoint}
   * (https://host:port), whose certificate must carry member j's identity binding under {@code
   * signingKey}; retries while the member is not listening or has not seen the transaction (404)
   * until {@code patience} runs out. A certificate that is not the member's fails at once.
   */
  public static void deliver(
      URI endpoint,
      Bytes32 transaction,
      int j,
      Bytes ciphertext,
      PublicKey signingKey,
      Duration patience)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(trusting(j, signingKey))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(
                endpoint.resolve("/v1/offchain-inputs/" + transaction.toHexString() + "/" + j))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ciphertext.toArrayUnsafe()))
            .build();
    try {
      attempt(client, request, j, System.nanoTime() + patience.toNanos()).get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof java.util.concurrent.CompletionException c
              ? c.getCause()
              : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("delivery to member " + j + ": " + cause, cause);
    }
  }

  /**
   * One POST, then again after a pause (on the JDK's delayed executor, no thread held) while the
   * member is not listening (500 ms) or has not read the block (404, 200 ms), until {@code until}.
   */
  private static java.util.concurrent.CompletableFuture<Void> attempt(
      HttpClient client, HttpRequest request, int j, long until) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (r, failure) -> {
              Throwable cause =
                  failure instanceof java.util.concurrent.CompletionException c
                      ? c.getCause()
                      : failure;
              boolean late = System.nanoTime() > until;
              if (cause != null) {
                // the member is not listening yet (starting, restarting): the patience of a 404
                if (!(cause instanceof java.net.ConnectException) || late) {
                  return java.util.concurrent.CompletableFuture.<Void>failedFuture(cause);
                }
                return again(client, request, j, until, 500);
              }
              if (r.statusCode() == 200) {
                return java.util.concurrent.CompletableFuture.<Void>completedFuture(null);
              }
              if (r.statusCode() != 404 || late) {
                return java.util.concurrent.CompletableFuture.<Void>failedFuture(
                    new DeliveryException(
                        r.statusCode(),
                        "member " + j + " answered " + r.statusCode() + ": " + r.body()));
              }
              return again(client, request, j, until, 200);
            })
        .thenCompose(f -> f);
  }

  private static java.util.concurrent.CompletableFuture<Void> again(
      HttpClient client, HttpRequest request, int j, long until, long millis) {
    java.util.concurrent.Executor later =
        java.util.concurrent.CompletableFuture.delayedExecutor(
            millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> null, later)
        .thenCompose(x -> attempt(client, request, j, until));
  }

  /** TLS that trusts exactly a certificate bound to member j's signing key. */
  private static SSLContext trusting(int j, PublicKey signingKey) throws IOException {
    X509ExtendedTrustManager trust =
        new X509ExtendedTrustManager() {
          private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
              throw new CertificateException("no certificate");
            }
            chain[0].checkValidity();
            if (!IdentityBinding.verify(chain[0], j, signingKey)) {
              throw new CertificateException(
                  "the endpoint's certificate is not bound to member " + j + "'s signing key");
            }
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            check(chain);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
              throws CertificateException {
            check(chain);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
              throws CertificateException {
            check(chain);
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            throw new CertificateException("a wallet serves no TLS");
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
              throws CertificateException {
            throw new CertificateException("a wallet serves no TLS");
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
              throws CertificateException {
            throw new CertificateException("a wallet serves no TLS");
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
