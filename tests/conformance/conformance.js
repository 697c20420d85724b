// discord.js 14 conformance driver for the AndyAI Discord emulator.
// The NUnit test (tests/AndyAI.Emulator.Tests/Conformance) starts an in-process emulator, runs this script and
// drives faults from C#. This script only reports what discord.js observed, one JSON object per stdout line,
// and replies to messages that mention the bot. It never talks to anything but the emulator on 127.0.0.1.
'use strict';

const { Client, Events, GatewayIntentBits } = require('discord.js');

const rest = process.env.EMULATOR_REST_URL;
const token = process.env.EMULATOR_BOT_TOKEN;
if (!rest || !token || !rest.startsWith('http://127.0.0.1:')) {
  console.error('EMULATOR_REST_URL (http://127.0.0.1:PORT/api) and EMULATOR_BOT_TOKEN are required');
  process.exit(2);
}

const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  rest: { api: rest },
});

client.once(Events.ClientReady, (c) => {
  report({
    event: 'ready',
    userId: c.user.id,
    guilds: c.guilds.cache.map((g) => ({ id: g.id, channels: g.channels.cache.size, roles: g.roles.cache.size, members: g.members.cache.size })),
  });
});

client.on(Events.MessageCreate, async (message) => {
  const mentionsBot = message.mentions.users.has(client.user.id);
  report({
    event: 'message',
    id: message.id,
    channelId: message.channelId,
    authorId: message.author.id,
    content: message.content,
    mentionsBot,
    reference: message.reference?.messageId ?? null,
  });
  if (mentionsBot && message.author.id !== client.user.id) {
    try {
      const reply = await message.reply({ content: `pong ${message.id}`, allowedMentions: { parse: [], repliedUser: false } });
      report({ event: 'replied', id: reply.id, to: message.id });
    } catch (error) {
      report({ event: 'error', where: 'reply', message: String(error) });
    }
  }
});

client.on(Events.ShardResume, (shardId, replayed) => report({ event: 'resumed', shardId, replayed }));
client.on(Events.ShardReconnecting, (shardId) => report({ event: 'reconnecting', shardId }));
client.on(Events.ShardDisconnect, (close, shardId) => report({ event: 'disconnect', shardId, code: close.code }));
client.on(Events.ShardError, (error, shardId) => report({ event: 'error', where: 'shard', shardId, message: String(error) }));
client.on(Events.Error, (error) => report({ event: 'error', where: 'client', message: String(error) }));
if (process.env.EMULATOR_DEBUG) {
  client.on(Events.Debug, (info) => report({ event: 'debug', info }));
}

// The test closes stdin to ask for a clean shutdown (close 1000, session ends).
process.stdin.on('end', async () => {
  await client.destroy();
  report({ event: 'destroyed' });
  process.exit(0);
});
process.stdin.resume();

client.login(token).catch((error) => {
  report({ event: 'error', where: 'login', message: String(error) });
  process.exit(1);
});
