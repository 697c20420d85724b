using Microsoft.Extensions.Options;

namespace AndyAI.Discord.Hosting;

[OptionsValidator]
internal sealed partial class DiscordClientOptionsValidator : IValidateOptions<DiscordClientOptions>;
