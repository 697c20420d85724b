using Microsoft.Extensions.Options;

namespace AndyAI.Host.Interactions;

[OptionsValidator]
internal sealed partial class InteractionsOptionsValidator : IValidateOptions<InteractionsOptions>;
