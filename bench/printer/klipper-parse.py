# Helper of klipper-configs.mjs: read config files with Klipper's own reader
# (klippy/configfile.py from the checkout in argv[1]) and print, per file, the
# sections with their options and values as JSON, or the error it raised.
import json, sys, os
sys.path.insert(0, os.path.join(sys.argv[1], 'klippy'))
import configfile

out = {}
for filename in sys.argv[2:]:
    try:
        reader = configfile.ConfigFileReader()
        data = reader.read_config_file(filename)
        saver = configfile.ConfigAutoSave.__new__(configfile.ConfigAutoSave)
        regular, autosave = saver._find_autosave_data(data)
        fileconfig = reader.build_fileconfig_with_includes(regular, filename)
        autosave = saver._strip_duplicates(autosave, fileconfig)
        reader.append_fileconfig(fileconfig, autosave, '*AUTOSAVE*')
        out[filename] = {'sections': [[s, [[o, fileconfig.get(s, o)] for o in fileconfig.options(s)]] for s in fileconfig.sections()]}
    except Exception as e:
        out[filename] = {'error': str(e)}
print(json.dumps(out))
