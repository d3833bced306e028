using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace CronLock.Logging;

/// <summary>
/// CRONLOCK_LOG_FORMAT=json: Serilog's compact JSON event (@t, @mt, @l, @x and the properties as
/// fields), with "@m" in front: the message as the text line shows it. Serilog's own rendered form
/// quotes every text value inside the message ("key \"cronlock.x\""), which no reader wants.
/// </summary>
internal sealed class JsonLineFormatter : ITextFormatter
{
    private readonly CompactJsonFormatter _compact = new();
    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        var message = new StringWriter(CultureInfo.InvariantCulture);
        _message.Format(logEvent, message);
        var compact = new StringWriter(CultureInfo.InvariantCulture);
        _compact.Format(logEvent, compact);

        output.Write("{\"@m\":");
        JsonValueFormatter.WriteQuotedJsonString(message.ToString(), output);
        output.Write(',');
        output.Write(compact.ToString().AsSpan(1));
    }
}
