// discord.js 14 flood client: the same trivial subscriber as our harness (count messages that mention the bot),
// against the same emulator flood. Uses the discord.js installed for the conformance test.
// Usage: node discordjs-flood.js <restBaseUrl> <controlUrl> <token> [count]
'use strict';

const path = require('path');
const { Client, Events, GatewayIntentBits } = require(path.join(__dirname, '../../tests/conformance/node_modules/discord.js'));

const [rest, control, token, countArg] = process.argv.slice(2);
const count = Number(countArg || 50000);
if (!rest || !control || !token || !rest.startsWith('http://127.0.0.1:') || !control.startsWith('http://127.0.0.1:')) {
  console.error('usage: node discordjs-flood.js <restBaseUrl> <controlUrl> <token> [count] (127.0.0.1 only)');
  process.exit(2);
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
  rest: { api: rest },
});

let seen = 0;
let mentions = 0;
let cpuStart;
let wallStart;

client.on(Events.MessageCreate, (message) => {
  seen++;
  if (message.mentions.users.has(client.user.id)) mentions++;
  if (seen === count) finish();
});

client.once(Events.ClientReady, async () => {
  cpuStart = process.cpuUsage();
  wallStart = process.hrtime.bigint();
  // Same retry as our harness: the emulator answers 400 until it counts the session as receiving the channel.
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(control + '/flood', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count, mention_every: 1000, authors: 1000, wait: false }),
    });
    if (response.ok) break;
    if (response.status !== 400 || attempt === 50) {
      console.error('flood refused', response.status, await response.text());
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

function finish() {
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpuMicros = cpu.user + cpu.system;
  console.log(JSON.stringify({
    client: 'discord.js 14',
    messages: count,
    mentions_delivered: mentions,
    cpu_us_per_message: Math.round((cpuMicros / count) * 100) / 100,
    messages_per_second: Math.round(count / wallSeconds),
    heap_mb: Math.round(process.memoryUsage().heapUsed / 1048576 * 10) / 10,
  }));
  client.destroy().then(() => process.exit(0));
}

setTimeout(() => { console.error(`timed out: saw ${seen} of ${count}`); process.exit(1); }, 300000).unref();
client.login(token);
