// The npm 'uhppoted' package as an independent peer of the simulator's UHPPOTE controller
// (UhppotedNodeInteropIT): get-status, get-event for each stored event, then a listener,
// set-listener and get-listener, then the pushed events. One JSON object per line on stdout.
//
//   node uhppoted-interop.js SERIAL CONTROLLER_PORT LISTEN_PORT STORED PUSHED

const uhppoted = require('uhppoted')

const [serial, controllerPort, listenPort, stored, pushed] = process.argv.slice(2).map(Number)
const controller = '127.0.0.1:' + controllerPort
const listen = '127.0.0.1:' + listenPort
const ctx = {
  config: new uhppoted.Config('interop', '127.0.0.1', controller, listen, 2000, [{ deviceId: serial, address: controller }], false),
  logger: () => {}
}

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const fail = (where) => (err) => { out({ error: where + ': ' + err.message }); process.exit(2) }

setTimeout(() => { out({ error: 'timed out' }); process.exit(3) }, 60000)

async function run () {
  out({ call: 'get-status', result: await uhppoted.getStatus(ctx, serial).catch(fail('get-status')) })
  for (let i = 1; i <= stored; i++) {
    out({ call: 'get-event', index: i, result: await uhppoted.getEvent(ctx, serial, i).catch(fail('get-event ' + i)) })
  }
  let received = 0
  const listener = uhppoted.listen(ctx, (event) => {
    out({ call: 'event', result: event })
    if (++received === pushed) {
      listener.close()
      process.exit(0)
    }
  }, fail('listen'))
  out({ call: 'set-listener', result: await uhppoted.setListener(ctx, serial, '127.0.0.1', listenPort).catch(fail('set-listener')) })
  out({ call: 'get-listener', result: await uhppoted.getListener(ctx, serial).catch(fail('get-listener')) })
  out({ ready: true })
}

run()
