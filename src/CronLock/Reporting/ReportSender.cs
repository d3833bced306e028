using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Serilog;

namespace CronLock.Reporting;

/// <summary>
/// Sends one report request within its budget: each try at most the timeout, up to two retries on
/// network errors and on the answers that say "try again" (408, 429, 500, 502, 503, 504), anything
/// else final. A request that does not get through is one warning line; it never throws.
/// </summary>
/// <param name="redact">Takes the secrets (the URLs) out of text that comes from the HTTP stack.</param>
internal sealed class ReportSender(HttpMessageInvoker client, TimeSpan timeout, ILogger log, Func<string, string> redact)
{
    public const int MaxRetries = 2;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

    /// <summary>POSTs the body; returns the successful answer's headers, or null when the request did not get through.</summary>
    /// <param name="what">What the request is, for the warning ("ping /start", "webhook").</param>
    public async Task<HttpResponseHeaders?> PostAsync(string what, Uri url, byte[] body, string mediaType)
    {
        string problem;
        for (var attempt = 0; ; attempt++)
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
                using var response = await client.SendAsync(request, deadline.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return response.Headers;
                }

                problem = $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
                if (!IsRetryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                problem = $"no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
            }
            catch (HttpRequestException e)
            {
                problem = redact(FirstLine(e.InnerException?.Message ?? e.Message));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Fail-open: whatever else the HTTP stack throws is a failed report, not a failed run.
                problem = redact(FirstLine(e.Message));
                break;
            }

            if (attempt == MaxRetries)
            {
                break;
            }

            await Task.Delay(RetryPause * (attempt + 1));
        }

        log.Warning("{What} to {Url} failed: {Problem}; the run is not affected", what, Shown(url), problem);
        return null;
    }

    /// <summary>How a report URL appears in a log line: its key is in the path, so only scheme and host.</summary>
    public static string Shown(Uri url) => $"{url.Scheme}://{url.Authority}/…";

    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
