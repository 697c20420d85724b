using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AndyAI.Host.Cogs.Supervision;

[OptionsValidator]
internal sealed partial class CogSupervisorOptionsValidator : IValidateOptions<CogSupervisorOptions>;
