package dev.permalinker.infra;

import java.util.List;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/** The HTTP API in front of the ingest: one POST route, throttled, with JSON access logs.
 * Adds its resources to the stack directly, so their logical ids (and the deployed queues) never change with
 * this class. */
public final class WebhookApi {
    static final String WEBHOOK_PATH = "/webhooks/contentstack";

    private final HttpApi api;
    private final HttpStage stage;

    public WebhookApi(Construct scope, String namePrefix, IFunction ingest) {
        api = HttpApi.Builder.create(scope, "WebhookApi")
                .apiName(namePrefix + "-webhooks")
                .description("Receives Contentstack webhooks")
                .createDefaultStage(false)
                .build();
        stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                // A bulk upload fires thousands at once: absorb bursts; beyond this Contentstack retries (5 s, 25 s…).
                .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(500).build())
                .accessLogSettings(accessLogSettings(new LogGroupLogDestination(
                        JavaFunctions.logGroup(scope, "ApiAccessLogs"))))
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path(WEBHOOK_PATH)
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("IngestIntegration", ingest))
                .build());
    }

    public HttpApi api() {
        return api;
    }

    /** The URL to give Contentstack. */
    public String webhookUrl() {
        return stage.getUrl().replaceAll("/$", "") + WEBHOOK_PATH;
    }

    private static IAccessLogSettings accessLogSettings(IAccessLogDestination destination) {
        AccessLogFormat format = AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
                + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\"}");
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }

            @Override
            public AccessLogFormat getFormat() {
                return format;
            }
        };
    }
}
