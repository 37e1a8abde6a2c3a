/*
 * Quasar as the app loads it: only the components the app's pages render, instead of NiceGUI's full build
 * (every component and plugin: 127 KiB Brotli-compressed on every first page, most of it never used).
 * scripts/build-quasar.sh bundles this file into assets/vendor/quasar.prod.js; app/quasar.py makes the page load it.
 *
 * Global components are the ones rendered by tag name: NiceGUI elements whose tag is a Quasar component, and the
 * tags in the templates of NiceGUI's own element scripts. What those components use inside (QIcon, QSpinner, QItem,
 * the ripple, ...) comes in through their imports. tests/unit/test_quasar.py lists which `ui.*` functions this
 * covers; a page that renders a component missing here fails the end-to-end tests (tests/e2e/conftest.py).
 */
import installQuasar from 'quasar/src/install-quasar.js'
import Lang from 'quasar/src/plugins/lang/Lang.js'
import IconSet from 'quasar/src/plugins/icon-set/IconSet.js'
import Dark from 'quasar/src/plugins/dark/Dark.js' // the page template sets the colour scheme with Quasar.Dark

import QLayout from 'quasar/src/components/layout/QLayout.js' // every page (NiceGUI's layout)
import QPageContainer from 'quasar/src/components/page/QPageContainer.js' // every page
import QPage from 'quasar/src/components/page/QPage.js' // every page
import QHeader from 'quasar/src/components/header/QHeader.js' // ui.header (header.js)
import QFooter from 'quasar/src/components/footer/QFooter.js' // ui.footer
import QBtn from 'quasar/src/components/btn/QBtn.js' // ui.button
import QCard from 'quasar/src/components/card/QCard.js' // ui.card
import QCheckbox from 'quasar/src/components/checkbox/QCheckbox.js' // ui.checkbox
import QOptionGroup from 'quasar/src/components/option-group/QOptionGroup.js' // ui.radio
import QInput from 'quasar/src/components/input/QInput.js' // ui.input, ui.textarea (input.js)
import QSelect from 'quasar/src/components/select/QSelect.js' // ui.select (select.js)
import QMenu from 'quasar/src/components/menu/QMenu.js' // ui.menu
import QDialog from 'quasar/src/components/dialog/QDialog.js' // ui.dialog (dialog.js)
import QExpansionItem from 'quasar/src/components/expansion-item/QExpansionItem.js' // ui.expansion (expansion.js)

const components = {
  QLayout, QPageContainer, QPage, QHeader, QFooter, QBtn, QCard, QCheckbox, QOptionGroup, QInput, QSelect, QMenu,
  QDialog, QExpansionItem
}
const plugins = { Dark }

// The same global as Quasar's own UMD build: NiceGUI's page installs it, its language files add to Quasar.Lang.
window.Quasar = {
  version: __QUASAR_VERSION__,
  install (app, opts) {
    installQuasar(app, { components, directives: {}, plugins, ...opts })
  },
  lang: Lang,
  iconSet: IconSet,
  Lang,
  IconSet,
  ...components,
  ...plugins
}
