using AndyAI.Abstractions;
using AndyAI.Abstractions.Http;
using AndyAI.Host.Logging;
using Microsoft.Extensions.Logging;

namespace AndyAI.Host.Cogs.Http;

/// <summary>
/// One HTTP route of one cog instance, as <see cref="CogHttpRegistry"/> stages it and the <see cref="CogHttpRouteTable"/>
/// holds it while live. It runs its handler under the route's timeout and the cog's unloading token, and turns what
/// goes wrong into a short generic answer: the exception is logged with the cog and the route and counted as the
/// cog's handler error, never shown to the caller. Every failure is counted; the log gets the first of each minute in
/// full and a count of the rest (<see cref="LogThrottle"/>), since anyone can make an anonymous route fail at will.
/// </summary>
internal sealed class CogHttpRoute
{
    private const string Threw = "threw";
    private const string TimedOut = "timed out";

    private readonly Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> _handler;
    private readonly Action<Exception> _onHandlerError;
    private readonly ILogger _logger;
    private readonly CancellationToken _unloading;
    private readonly TimeProvider _time;
    private readonly LogThrottle _failures;
    private readonly CogHttpRequestTable _requests;
    private readonly CogHttpTally _tally;

    public CogHttpRoute(
        string owner,
        string method,
        CogRouteTemplate template,
        CogHttpRouteOptions options,
        Func<CogHttpRequest, CancellationToken, ValueTask<CogHttpResponse>> handler,
        Action<Exception> onHandlerError,
        ILogger logger,
        TimeProvider time,
        CogHttpRequestTable requests,
        CogHttpTally tally,
        CancellationToken unloading)
    {
        Owner = owner;
        Method = method;
        Template = template;
        Options = options;
        _handler = handler;
        _onHandlerError = onHandlerError;
        _logger = logger;
        _unloading = unloading;
        _time = time;
        _requests = requests;
        _tally = tally;
        RateKey = CogHttpCallerBuckets.RouteKey(owner, method, template.Shape);
        // The summary's timer may outlive the cog: it holds the host's logger and strings, never this route (whose
        // handler would keep the cog's assembly loaded).
        string route = Description;
        _failures = new LogThrottle(time, LogThrottle.DefaultWindow, (kind, count, window) =>
        {
            if (kind == Threw) CogLog.HttpHandlerFailedRepeatedly(logger, owner, route, count, DurationText.Format(window));
            else CogLog.HttpHandlerTimedOutRepeatedly(logger, owner, route, count, DurationText.Format(window));
        });
    }

    public string Owner { get; }

    public string Method { get; }

    public CogRouteTemplate Template { get; }

    public CogHttpRouteOptions Options { get; }

    /// <summary>Counts a request the host answered itself before the handler ran (401, 429, 413, 503, an unreadable body).</summary>
    public void CountRefused(CogHttpOutcome outcome) => _tally.Count(outcome);

    /// <summary>Writes the count of failures not logged yet and closes their windows (the route is withdrawn).</summary>
    public void FlushFailureLog() => _failures.Flush();

    /// <summary>The key of its callers' allowance when anonymous (<see cref="CogHttpCallerBuckets.RouteKey"/>).</summary>
    public string RateKey { get; }

    /// <summary>The route as operators see it (<c>!cogs</c>): <c>POST /cogs/Hooks/github (anonymous)</c>.</summary>
    public string Description => $"{Method} {CogHttpRegistry.PrefixOf(Owner)}{Template.Text}{(Options.AllowAnonymous ? " (anonymous)" : "")}";

    /// <summary>
    /// Runs the handler. A handler that throws, returns what the host refuses (<see cref="CogHttpRules.Problem"/>) or
    /// runs past the route's timeout gets 500 or 504; one cancelled because the cog unloads gets 503. Each answer is
    /// counted by its <see cref="CogHttpOutcome"/> and timed (a caller that went away is neither).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="aborted"/> fired: nobody waits for an answer.</exception>
    public async Task<CogHttpResponse> InvokeAsync(CogHttpRequest request, CancellationToken aborted)
    {
        using var timeout = new CancellationTokenSource(Options.Timeout, _time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
        using var handlerToken = CancellationTokenSource.CreateLinkedTokenSource(waiting.Token, _unloading);
        Task<CogHttpResponse>? running = null;
        long started = _time.GetTimestamp();
        CogHttpOutcome? outcome = null;
        try
        {
            // The wait ends at the timeout even when the handler ignores its token; the unloading token only asks the
            // handler to stop, so one that still answers is answered.
            running = _handler(request, handlerToken.Token).AsTask();
            CogHttpResponse response = await running.WaitAsync(waiting.Token);
            if (CogHttpRules.Problem(response) is { } problem)
            {
                throw new InvalidOperationException($"The response of {Description} cannot be sent: {problem}.");
            }

            outcome = response.StatusCode switch
            {
                >= 500 => CogHttpOutcome.ServerError,
                >= 400 => CogHttpOutcome.ClientError,
                _ => CogHttpOutcome.Ok,
            };
            return response;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var late = new TimeoutException($"{Description} did not answer within {Options.Timeout.TotalSeconds:0.###} s.");
            outcome = CogHttpOutcome.Timeout;
            _onHandlerError(late);
            if (_failures.Admit(TimedOut)) CogLog.HttpHandlerTimedOut(_logger, Owner, Description, DurationText.Format(Options.Timeout));
            return CogHttpResponse.Text("The handler did not answer in time.", 504);
        }
        catch (OperationCanceledException) when (_unloading.IsCancellationRequested)
        {
            outcome = CogHttpOutcome.Unavailable;
            return CogHttpResponse.Text("The cog is unloading; try again.", 503);
        }
        catch (Exception ex)
        {
            outcome = CogHttpOutcome.Failed;
            _onHandlerError(ex);
            if (_failures.Admit(Threw)) CogLog.HttpHandlerFailed(_logger, Owner, Description, ex);
            return CogHttpResponse.Text("Internal error.", 500);
        }
        finally
        {
            if (outcome is { } counted)
            {
                _tally.Count(counted);
                _requests.RecordDuration(_tally, _time.GetElapsedTime(started));
            }

            // The wait may end before the link from the timeout reaches the handler's token: a handler still running
            // is told now, before its token's source is disposed.
            if (running is { IsCompleted: false })
            {
                await handlerToken.CancelAsync();
                // Its late failure was answered already (504): observed here, not reported as an unobserved exception.
                _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
