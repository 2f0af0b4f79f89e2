package org.altoredist.http;

import java.nio.ByteBuffer;
import org.altoredist.alto.DocumentType;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP stack refuses before a request reaches {@link RequestHandler} (a malformed or
 * oversized head, a path with an empty or ambiguous segment such as {@code //directory}, which a
 * client that joins URLs by string concatenation sends), answered as RFC 7285 §8.5 error
 * documents: E_SYNTAX with the stack's reason. A client of this service reads every refusal the
 * same way, rather than an HTML page (alto-http.md §4.4).
 */
final class StackErrors extends ErrorHandler {

  private static final String ERROR_TYPE = DocumentType.ERROR.mediaType();

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ERROR_TYPE);
    response.write(true, ByteBuffer.wrap(ErrorBodies.syntax(reason(code, message))), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, ERROR_TYPE);
    return ByteBuffer.wrap(ErrorBodies.syntax(reason(status, reason)));
  }

  private static String reason(int status, String message) {
    return ErrorBodies.quoted(message == null || message.isBlank() ? HttpStatus.getMessage(status) : message);
  }
}
