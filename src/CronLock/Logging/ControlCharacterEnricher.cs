using Serilog.Core;
using Serilog.Events;

namespace CronLock.Logging;

/// <summary>
/// Escapes control characters in every value a log event carries, before any sink renders it:
/// one event stays one line whatever a setting, a key or a library message holds. The message
/// templates are CronLock's own text and need no escaping.
/// </summary>
internal sealed class ControlCharacterEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToArray())
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(name, Escape(value)));
        }
    }

    private static LogEventPropertyValue Escape(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(ControlCharacters.Escape(text)),
        ScalarValue { Value: char c } => new ScalarValue(ControlCharacters.Escape(c.ToString())),

        // Numbers, times and the like render through a format; anything else through ToString(), which may hold anything.
        ScalarValue { Value: not (null or IFormattable or bool) } scalar => new ScalarValue(ControlCharacters.Escape(scalar.Value.ToString() ?? "")),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Escape)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Escape(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => KeyValuePair.Create((ScalarValue)Escape(e.Key), Escape(e.Value)))),
        _ => value,
    };
}
