using AndyAI.Host.Hosting;

return await AndyAIHost.RunAsync(args, Environment.GetEnvironmentVariables(), Console.Error, CancellationToken.None);
