package org.altoredist.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoErrorDocument;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.DocumentType;
import org.altoredist.http.AltoClientException.Failure;

/**
 * One GET as RFC 7285 wants it, with retries: Accept names the expected media type and the error
 * type; a held ETag is sent as If-None-Match and a held Last-Modified as If-Modified-Since (RFC
 * 9110 §13.1.3: a server without entity tags still answers 304); the Content-Type must be the expected media type
 * (§8.3.4.2); sizes are checked before anything is allocated; I/O errors, 5xx and 429 are retried
 * per the {@link RetryPolicy}, waiting at least a Retry-After (RFC 9110 §10.2.3).
 */
final class HttpFetcher {

  /** Largest error document read; RFC 7285 errors are a few hundred bytes. */
  static final int MAX_ERROR_BYTES = 64 * 1024;

  /** Bytes held for a URI with the validators they were served with (each may be null). */
  record Held(byte[] bytes, String etag, String lastModified) {}

  /**
   * What a GET delivered: fresh bytes, or the held ones confirmed by a 304.
   *
   * @param notModified whether the server answered 304 and these are the held bytes
   */
  record Fetched(byte[] bytes, String etag, String lastModified, boolean notModified) {

    Held held() {
      return new Held(bytes, etag, lastModified);
    }
  }

  private final HttpClient http;
  private final RetryPolicy retry;
  private final RandomGenerator random;
  private final RetryPolicy.Sleeper sleeper;
  private final Clock clock;
  private final Duration timeout;

  HttpFetcher(HttpClient http, RetryPolicy retry, RandomGenerator random, RetryPolicy.Sleeper sleeper, Clock clock,
      Duration timeout) {
    this.http = http;
    this.retry = retry;
    this.random = random;
    this.sleeper = sleeper;
    this.clock = clock;
    this.timeout = timeout;
  }

  Fetched get(URI uri, String mediaType, Held held, int maxBytes) throws AltoClientException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(timeout)
        .header("Accept", mediaType + ", " + DocumentType.ERROR.mediaType());
    if (held != null && held.etag() != null) {
      b.header("If-None-Match", held.etag());
    }
    if (held != null && held.lastModified() != null) {
      b.header("If-Modified-Since", held.lastModified());
    }
    HttpRequest request = b.build();
    AltoClientException last = null;
    for (int attempt = 0; attempt < retry.maxAttempts(); attempt++) {
      if (attempt > 0) {
        Duration wait = retry.backoff(attempt - 1, random);
        if (last.retryAfter() != null && last.retryAfter().compareTo(wait) > 0) {
          wait = last.retryAfter();
        }
        pause(wait, uri);
      }
      try {
        return once(request, mediaType, held, maxBytes);
      } catch (AltoClientException e) {
        if (!retryable(e)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private boolean retryable(AltoClientException e) {
    boolean again = e.failure() == Failure.UNREACHABLE || e.failure() == Failure.SERVER_ERROR
        || e.failure() == Failure.OVERLOADED;
    return again && (e.retryAfter() == null || e.retryAfter().compareTo(retry.maxRetryAfter()) <= 0);
  }

  private Fetched once(HttpRequest request, String mediaType, Held held, int maxBytes) throws AltoClientException {
    HttpResponse<InputStream> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new AltoClientException(Failure.UNREACHABLE, request.uri() + ": " + e, 0, null, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AltoClientException(Failure.INTERRUPTED, "interrupted fetching " + request.uri());
    }
    try (InputStream in = r.body()) {
      int status = r.statusCode();
      String type = HttpHeaders.bareMediaType(r.headers().firstValue("Content-Type").orElse(null));
      if (status == 304 && held != null) {
        return new Fetched(held.bytes(), held.etag(), held.lastModified(), true);
      }
      if (status == 200) {
        if (!mediaType.equals(type)) {
          throw new AltoClientException(Failure.WRONG_CONTENT_TYPE, request.uri() + " answered Content-Type " + type
              + ", not " + mediaType + " (RFC 7285 §8.3.4.2)", status, null, null, null);
        }
        return new Fetched(read(in, r, maxBytes), r.headers().firstValue("ETag").orElse(null),
            r.headers().firstValue("Last-Modified").orElse(null), false);
      }
      Duration after = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
      AltoErrorDocument doc = DocumentType.ERROR.mediaType().equals(type) ? errorDocument(in, r) : null;
      Failure f = status == 503 || status == 429 ? Failure.OVERLOADED
          : status == 500 || status == 502 || status == 504 ? Failure.SERVER_ERROR : Failure.HTTP_ERROR;
      throw new AltoClientException(f, request.uri() + " answered " + status + (doc == null ? "" : " " + doc.summary())
          + (after == null ? "" : ", Retry-After " + after), status, after, doc, null);
    } catch (IOException e) {
      throw new AltoClientException(Failure.UNREACHABLE, request.uri() + ": " + e, 0, null, null, e);
    }
  }

  private static byte[] read(InputStream in, HttpResponse<?> r, int max) throws IOException, AltoClientException {
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      throw new AltoClientException(Failure.TOO_LARGE, r.uri() + " declares " + declared + " bytes; at most " + max);
    }
    byte[] b = in.readNBytes(max);
    if (in.read() >= 0) {
      throw new AltoClientException(Failure.TOO_LARGE, r.uri() + " sent more than " + max + " bytes");
    }
    return b;
  }

  private static AltoErrorDocument errorDocument(InputStream in, HttpResponse<?> r) {
    try {
      return AltoDocuments.parseError(read(in, r, MAX_ERROR_BYTES));
    } catch (IOException | AltoClientException | AltoValidationException e) {
      return null;
    }
  }

  /** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
  Duration retryAfter(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    try {
      if (v.matches("[0-9]{1,9}")) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void pause(Duration d, URI uri) throws AltoClientException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AltoClientException(Failure.INTERRUPTED, "interrupted waiting to retry " + uri);
    }
  }
}
