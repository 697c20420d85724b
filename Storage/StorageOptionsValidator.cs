using Microsoft.Extensions.Options;

namespace AndyAI.Storage;

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
}
