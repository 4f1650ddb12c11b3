package io.noisepool.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers an {@link EchoFailure} with its status as a {@link ProblemDetail}: a title, a detail
 * sentence and a {@code reason} code, never a stack trace. Expected failures are logged in one
 * line without a trace: a bad request at DEBUG, a peer failure at INFO.
 */
@RestControllerAdvice
class EchoProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(EchoProblemHandler.class);

    @ExceptionHandler(EchoFailure.class)
    ResponseEntity<ProblemDetail> echoFailed(EchoFailure failure) {
        EchoFailure.Reason reason = failure.reason();
        if (reason.status().is4xxClientError()) {
            log.debug("Echo refused ({}): {}", reason, failure.getMessage());
        } else {
            log.info("Echo failed ({}): {}", reason, failure.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(reason.status(), failure.getMessage());
        problem.setTitle(reason.title());
        problem.setProperty("reason", reason.name());
        return ResponseEntity.status(reason.status()).body(problem);
    }
}
